-- Quota budgets (package quota), one per account and group, kept in the
-- store so that every pcs on it spends the same ones; SQLite, used by one
-- pcs, keeps them in memory. filled_at and full_at are Unix nanoseconds on
-- the pcs clock; minutes are the rolling window's counts, in package
-- quota's encoding. version is drawn from a sequence at every write, so
-- that a write over the version it read fails if any other came between,
-- even a removal and a new budget of the same key.
--
-- Unlogged: nearly every limited request writes its budget, and a write
-- that waits for the WAL to reach the disk costs a request several times
-- what the quota check does. A crash of the server empties the table, and
-- a standby has none of it: every budget is full again, as when a pcs
-- keeping them in memory restarts.
CREATE UNLOGGED SEQUENCE quota_budget_versions;
CREATE UNLOGGED TABLE quota_budgets (
    account   TEXT COLLATE "C" NOT NULL,
    grp       TEXT COLLATE "C" NOT NULL,
    tokens    DOUBLE PRECISION NOT NULL,
    filled_at BIGINT NOT NULL,
    minutes   BYTEA NOT NULL,
    full_at   BIGINT NOT NULL,
    version   BIGINT NOT NULL,
    PRIMARY KEY (account, grp)
);
CREATE INDEX quota_budgets_full_at ON quota_budgets (full_at);
