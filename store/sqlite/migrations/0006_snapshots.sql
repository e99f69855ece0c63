-- Resource snapshots: immutable revisions of a resource shared in an engagement.
CREATE TABLE snapshots (
    catalog       TEXT    NOT NULL,
    engagement_id TEXT    NOT NULL,
    resource_type TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    template      TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    doc           BLOB    NOT NULL,
    PRIMARY KEY (catalog, engagement_id, resource_type, resource_id, template, revision)
) WITHOUT ROWID;

-- Resource snapshot jobs, owned by the account that made them.
CREATE TABLE snapshot_jobs (
    account       TEXT    NOT NULL,
    catalog       TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    engagement_id TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    doc           BLOB    NOT NULL,
    PRIMARY KEY (account, catalog, id)
) WITHOUT ROWID;
CREATE INDEX snapshot_jobs_by_resource ON snapshot_jobs (account, catalog, resource_id);
