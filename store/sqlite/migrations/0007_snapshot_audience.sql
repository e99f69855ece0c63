-- A snapshot AWS writes for one member only (the AwsOpportunitySummaryFullView
-- of an opportunity, for its owner); '' is every member of the engagement.
ALTER TABLE snapshots ADD COLUMN audience TEXT NOT NULL DEFAULT '';
