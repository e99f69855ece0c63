-- Server-wide settings, such as how far the user moved the pcs clock.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Durable scheduled work of the AWS side. due_at is on the pcs clock.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL,
    account     TEXT    NOT NULL,
    catalog     TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    payload     BLOB    NOT NULL,
    state       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER,
    error       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX jobs_due ON jobs (due_at, id) WHERE state = 'pending';
