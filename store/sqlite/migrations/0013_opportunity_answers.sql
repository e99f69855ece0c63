-- The current version of each opportunity keeps what GetOpportunity answers
-- for it, written with its document, so that a read does not decode the
-- document. Versions stored before this migration have none (NULL) and are
-- answered from their document until they are next written.
ALTER TABLE opportunity_versions ADD COLUMN answer BLOB;
