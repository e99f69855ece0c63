-- Injected fault rules (package fault), kept in the store so that every
-- pcs on it applies them. hits is counted only for a rule with a count.
CREATE TABLE fault_rules (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    account   TEXT    NOT NULL,
    hit_limit INTEGER NOT NULL,
    hits      INTEGER NOT NULL DEFAULT 0,
    rule      TEXT    NOT NULL
);
