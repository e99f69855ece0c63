package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Migrations is a backend's schema: its migration files, each named for
// the version it brings the schema to (0001_initial.sql), in its dialect.
type Migrations struct {
	FS  fs.FS
	Dir string
	// Begin begins the transaction each migration runs in, on conn: the
	// backend's write transaction, so that no write runs beside it.
	Begin func(ctx context.Context, conn *sql.Conn) (*sql.Tx, error)
}

// Migrate brings the schema of the database conn is on up to version upTo
// (0: the newest there is), applying each migration it has not seen, and
// recording it, in a transaction of its own: a failed migration leaves the
// schema at the version before it. A schema newer than the newest
// migration, written by a newer pcs, is refused before anything is done.
func Migrate(ctx context.Context, conn *sql.Conn, d *Dialect, m Migrations, upTo int) error {
	entries, err := fs.ReadDir(m.FS, m.Dir)
	if err != nil {
		return err
	}
	type migration struct {
		version int
		name    string
	}
	var all []migration
	for _, e := range entries {
		v, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("%s: migration %s: name must start with its number", d.Name, e.Name())
		}
		all = append(all, migration{v, e.Name()})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].version < all[j].version })
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("%s: migrations table: %w", d.Name, err)
	}
	var have int
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("%s: schema version: %w", d.Name, err)
	}
	if latest := all[len(all)-1].version; have > latest {
		return fmt.Errorf("%s: the database has schema version %d, newer than this pcs knows (%d); use a newer pcs", d.Name, have, latest)
	}
	for _, mg := range all {
		if mg.version <= have || (upTo > 0 && mg.version > upTo) {
			continue
		}
		body, err := fs.ReadFile(m.FS, m.Dir+"/"+mg.name)
		if err != nil {
			return err
		}
		if err := apply(ctx, conn, d, m, mg.version, mg.name, string(body)); err != nil {
			return fmt.Errorf("%s: migration %s: %w", d.Name, mg.name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, conn *sql.Conn, d *Dialect, m Migrations, version int, name, body string) error {
	tx, err := m.Begin(ctx, conn)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Another process may have applied it since the version was read.
	var done int
	if err := tx.QueryRowContext(ctx, d.bind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, d.bind(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`), version, name); err != nil {
		return err
	}
	return tx.Commit()
}
