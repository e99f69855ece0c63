-- summary_encoded is 1 when an opportunity version's summary is encoded
-- exactly as ListOpportunities sends it for that version (package awsjson's
-- encoding), so that a listing copies it into its answer instead of
-- decoding and encoding it again. Versions stored before this migration
-- have none (NULL), and their summaries, encoded otherwise (HTML characters
-- escaped), are decoded and encoded again until they are next written.
-- The column comes after the document, yet reading it does not walk the
-- document's overflow pages: SQLite keeps the integers 0 and 1, and NULL,
-- in the row's header alone, with no bytes in its body.
ALTER TABLE opportunity_versions ADD COLUMN summary_encoded INTEGER;
