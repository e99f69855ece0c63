package main

// PostgreSQL as the store: -database.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"pcs/store"
	"pcs/store/postgres"
)

// checkDatabase refuses a -database that is no PostgreSQL URL, or that
// comes with -in-memory, before anything starts. The URL is not repeated:
// it may hold a password.
func (c *serveConfig) checkDatabase() error {
	if c.database == "" {
		return nil
	}
	if !strings.HasPrefix(c.database, "postgres://") && !strings.HasPrefix(c.database, "postgresql://") {
		return errors.New("-database: want a PostgreSQL URL, postgres://user:password@host:5432/database")
	}
	if c.inMemory {
		return errors.New("-database and -in-memory: choose one (the state is in PostgreSQL or in memory)")
	}
	if c.databasePool < 1 {
		return fmt.Errorf("-database-pool %d: must be at least 1", c.databasePool)
	}
	return nil
}

// openDatabase opens the PostgreSQL store of cfg; where names it without
// the password. No data-directory lock applies: several pcs may share one
// database (docs/storage.md says what that gives today).
func openDatabase(ctx context.Context, cfg *serveConfig) (db store.Store, where string, err error) {
	where = "PostgreSQL"
	if u, err := url.Parse(cfg.database); err == nil {
		u.User = url.User(u.User.Username())
		u.RawQuery = ""
		where = u.String()
	}
	pg, err := postgres.Open(ctx, cfg.database, cfg.databasePool)
	if err != nil {
		return nil, "", fmt.Errorf("-database: %w", err) // says which server and database
	}
	return pg, where, nil
}
