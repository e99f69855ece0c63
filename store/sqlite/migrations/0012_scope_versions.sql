-- Each scope's opportunities get a version of their own, in place of the one
-- counter every opportunity write of every account took. A scope goes on from
-- that counter's value, so its versions keep growing, and from its pruning
-- point, so no listing pinned before the upgrade reaches a pruned version.
CREATE TABLE opportunity_clock (
    account        TEXT    NOT NULL,
    catalog        TEXT    NOT NULL,
    version        INTEGER NOT NULL,
    pruned_through INTEGER NOT NULL,
    PRIMARY KEY (account, catalog)
) WITHOUT ROWID;
INSERT INTO opportunity_clock (account, catalog, version, pruned_through)
SELECT DISTINCT account, catalog,
    COALESCE((SELECT value FROM sequences WHERE name = 'store/opportunity-change'), 0),
    COALESCE((SELECT value FROM sequences WHERE name = 'store/opportunity-pruned-through'), 0)
FROM opportunity_versions;
DELETE FROM sequences WHERE name IN ('store/opportunity-change', 'store/opportunity-pruned-through');

-- The outbox's positions come from a counter row, as in every backend, going
-- on from the table's own counter.
INSERT INTO sequences (name, value)
SELECT 'store/events', COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = 'events';
