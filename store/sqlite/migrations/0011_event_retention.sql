-- The outbox keeps events for a retention counted on the wall clock, from
-- when each was written; events already there count from their envelope's
-- time, the nearest there is.
ALTER TABLE events ADD COLUMN written INTEGER NOT NULL DEFAULT 0;
UPDATE events SET written = time;
-- The highest position pruning has deleted: a reader whose cursor is below
-- it has missed events. One row.
CREATE TABLE events_pruned (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    through INTEGER NOT NULL
);
INSERT INTO events_pruned (id, through) VALUES (1, 0);
