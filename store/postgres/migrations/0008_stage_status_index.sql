-- A listing filtered on one stage and one review status, newest first (a
-- CRM's "my approved, qualified opportunities"), seeks its rows in this
-- index instead of walking opportunity_by_modified past every other
-- stage's and status's: with ten combinations about equally common, ten
-- index entries per row listed. The validity columns let a pinned page
-- filter versions in the index too.
CREATE INDEX opportunity_by_stage ON opportunity_versions
    (account, catalog, stage, review_status, last_modified_at, id_num, valid_from, valid_to);
