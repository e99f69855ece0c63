-- Engagements are shared: one row each, seen by the accounts in
-- engagement_members. context_types is a list like ",Lead,CustomerProject,".
CREATE TABLE engagements (
    catalog       TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    modified_at   INTEGER NOT NULL,
    context_types TEXT    NOT NULL,
    doc           BLOB    NOT NULL,
    PRIMARY KEY (catalog, id)
) WITHOUT ROWID;

CREATE TABLE engagement_members (
    catalog       TEXT    NOT NULL,
    engagement_id TEXT    NOT NULL,
    account       TEXT    NOT NULL,
    joined_at     INTEGER NOT NULL,
    doc           BLOB    NOT NULL,
    PRIMARY KEY (catalog, engagement_id, account)
) WITHOUT ROWID;
CREATE INDEX engagement_members_by_account ON engagement_members (account, catalog);
