-- Engagement invitations, seen by their sender and their receiver.
CREATE TABLE invitations (
    catalog          TEXT    NOT NULL,
    id               TEXT    NOT NULL,
    sender_account   TEXT    NOT NULL,
    receiver_account TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    payload_type     TEXT    NOT NULL,
    engagement_id    TEXT    NOT NULL,
    invited_at       INTEGER NOT NULL,
    doc              BLOB    NOT NULL,
    PRIMARY KEY (catalog, id)
) WITHOUT ROWID;
CREATE INDEX invitations_by_receiver ON invitations (receiver_account, catalog, invited_at);
CREATE INDEX invitations_by_sender   ON invitations (sender_account, catalog, invited_at);

-- Asynchronous tasks (Start*Task), listed by the account that started them.
CREATE TABLE tasks (
    account        TEXT    NOT NULL,
    catalog        TEXT    NOT NULL,
    id             TEXT    NOT NULL,
    family         TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    started_at     INTEGER NOT NULL,
    opportunity_id TEXT    NOT NULL,
    invitation_id  TEXT    NOT NULL,
    engagement_id  TEXT    NOT NULL,
    doc            BLOB    NOT NULL,
    PRIMARY KEY (account, catalog, id)
) WITHOUT ROWID;
CREATE INDEX tasks_by_start ON tasks (account, catalog, family, started_at);
