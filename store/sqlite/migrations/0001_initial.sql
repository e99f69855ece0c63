-- Counters that hand out ids; a committed value is never handed out again.
CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

-- Every version of every opportunity. The current version has valid_to NULL;
-- a listing pinned to change sequence v sees the versions with
-- valid_from <= v < valid_to, so paging is stable under concurrent writes.
-- Times are Unix nanoseconds; close dates are YYYY-MM-DD text.
CREATE TABLE opportunity_versions (
    account          TEXT    NOT NULL,
    catalog          TEXT    NOT NULL,
    id               TEXT    NOT NULL,
    id_num           INTEGER NOT NULL,
    valid_from       INTEGER NOT NULL,
    valid_to         INTEGER,
    replaced_at      INTEGER,
    created_at       INTEGER NOT NULL,
    last_modified_at INTEGER NOT NULL,
    stage            TEXT    NOT NULL,
    review_status    TEXT    NOT NULL,
    company          TEXT    NOT NULL,
    target_close     TEXT    NOT NULL,
    doc              BLOB    NOT NULL,
    PRIMARY KEY (account, catalog, id, valid_from)
);
CREATE UNIQUE INDEX opportunity_current ON opportunity_versions (account, catalog, id) WHERE valid_to IS NULL;
CREATE INDEX opportunity_by_modified ON opportunity_versions (account, catalog, last_modified_at, id_num);
CREATE INDEX opportunity_by_created  ON opportunity_versions (account, catalog, created_at, id_num);
CREATE INDEX opportunity_by_id       ON opportunity_versions (account, catalog, id_num);
CREATE INDEX opportunity_by_company  ON opportunity_versions (account, catalog, company, id_num);
CREATE INDEX opportunity_by_close    ON opportunity_versions (account, catalog, target_close, id_num);
CREATE INDEX opportunity_replaced    ON opportunity_versions (replaced_at) WHERE valid_to IS NOT NULL;

CREATE TABLE idempotency (
    account      TEXT    NOT NULL,
    catalog      TEXT    NOT NULL,
    operation    TEXT    NOT NULL,
    token        TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    response     BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account, catalog, operation, token)
) WITHOUT ROWID;
CREATE INDEX idempotency_by_age ON idempotency (created_at);

CREATE TABLE solutions (
    account    TEXT    NOT NULL,
    catalog    TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    doc        BLOB    NOT NULL,
    PRIMARY KEY (account, catalog, id)
) WITHOUT ROWID;
