-- Each opportunity version keeps the summary ListOpportunities answers for
-- it, written with its document, so that a listing reads neither. The table
-- is rebuilt to put summary before doc: SQLite keeps a large document on a
-- chain of overflow pages, and reading a column stored after it would walk
-- the whole chain. Versions stored before this migration have no summary
-- (NULL) and are listed from their document until they are next written.
CREATE TABLE opportunity_versions_new (
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
    summary          BLOB,
    doc              BLOB    NOT NULL,
    PRIMARY KEY (account, catalog, id, valid_from)
);
INSERT INTO opportunity_versions_new
    (account, catalog, id, id_num, valid_from, valid_to, replaced_at, created_at, last_modified_at,
     stage, review_status, company, target_close, doc)
SELECT account, catalog, id, id_num, valid_from, valid_to, replaced_at, created_at, last_modified_at,
     stage, review_status, company, target_close, doc
FROM opportunity_versions;
DROP TABLE opportunity_versions;
ALTER TABLE opportunity_versions_new RENAME TO opportunity_versions;

-- The indexes as 0001 and 0008 left them.
CREATE UNIQUE INDEX opportunity_current ON opportunity_versions (account, catalog, id) WHERE valid_to IS NULL;
CREATE INDEX opportunity_by_modified ON opportunity_versions
    (account, catalog, last_modified_at, id_num, stage, review_status, valid_from, valid_to);
CREATE INDEX opportunity_by_created  ON opportunity_versions (account, catalog, created_at, id_num);
CREATE INDEX opportunity_by_id       ON opportunity_versions (account, catalog, id_num);
CREATE INDEX opportunity_by_company  ON opportunity_versions (account, catalog, company, id_num);
CREATE INDEX opportunity_by_close    ON opportunity_versions (account, catalog, target_close, id_num);
CREATE INDEX opportunity_replaced    ON opportunity_versions (replaced_at) WHERE valid_to IS NOT NULL;
