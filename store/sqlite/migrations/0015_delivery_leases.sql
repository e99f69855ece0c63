-- Who delivers to each event target: of several pcs on one store, the
-- holder of the target's lease until expires_at (Unix nanoseconds, on the
-- wall clock).
CREATE TABLE delivery_leases (
    target     TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
