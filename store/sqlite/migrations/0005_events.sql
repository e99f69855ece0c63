-- The event outbox: written in the transaction of the change each event
-- reports, so none is lost and none reports a change that rolled back.
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    account     TEXT    NOT NULL,
    catalog     TEXT    NOT NULL,
    detail_type TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    doc         BLOB    NOT NULL
);
CREATE INDEX events_by_account ON events (account, seq);
