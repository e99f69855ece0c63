-- The current version of each opportunity keeps what GetOpportunity answers
-- for it (SQLite's 0013); versions stored before have none (NULL).
ALTER TABLE opportunity_versions ADD COLUMN answer BYTEA;
