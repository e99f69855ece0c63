-- The secrets every pcs on the store shares (store.Secrets): the key that
-- signs NextTokens. Neither dumped nor reset.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
