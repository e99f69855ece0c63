-- summary_encoded is true when an opportunity version's summary is encoded
-- exactly as ListOpportunities sends it (SQLite's 0016); versions stored
-- before have none (NULL).
ALTER TABLE opportunity_versions ADD COLUMN summary_encoded BOOLEAN;
