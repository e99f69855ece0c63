-- The default listing (newest modified first) filtered by stage and review
-- status walks this index: with the filtered columns and the version range
-- in it, rows that do not match are skipped without reading the table.
DROP INDEX opportunity_by_modified;
CREATE INDEX opportunity_by_modified ON opportunity_versions
    (account, catalog, last_modified_at, id_num, stage, review_status, valid_from, valid_to);
