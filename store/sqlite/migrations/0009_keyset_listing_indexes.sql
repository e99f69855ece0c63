-- Snapshot and snapshot job listings page by a cursor on their order
-- (creation time, then the unique key); these indexes serve that order, so a
-- page seeks to its cursor instead of sorting every row of the listing.
-- Invitations and tasks are served by their existing indexes, which end with
-- the primary key's id.
CREATE INDEX snapshots_by_created ON snapshots
    (catalog, engagement_id, created_at, resource_id, template, revision, resource_type);
CREATE INDEX snapshot_jobs_by_created ON snapshot_jobs (account, catalog, created_at, id);
