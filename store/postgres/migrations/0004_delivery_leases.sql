-- Who delivers to each event target (SQLite's 0015): the holder of the
-- target's lease until expires_at (Unix nanoseconds, on the wall clock).
CREATE TABLE delivery_leases (
    target     TEXT COLLATE "C" PRIMARY KEY,
    holder     TEXT COLLATE "C" NOT NULL,
    expires_at BIGINT NOT NULL
);
