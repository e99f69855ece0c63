package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"pcs/store"
	"pcs/store/sqlstore"
)

// ExecForTest runs a statement on db's writer.
func ExecForTest(db *DB, stmt string) error {
	_, err := db.writer.Exec(stmt)
	return err
}

// OpenAtSchema opens the database at path with its schema brought up to
// version schema only, as an older pcs left it.
func OpenAtSchema(ctx context.Context, path string, schema int) (*DB, error) {
	return open(ctx, path, schema)
}

// QueryForTest runs a query on db's writer and returns its rows, each
// row's columns joined with " | ".
func QueryForTest(db *DB, query string) ([]string, error) {
	rows, err := db.writer.Query(query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = v.String
			if !v.Valid {
				parts[i] = "NULL"
			}
		}
		out = append(out, strings.Join(parts, " | "))
	}
	return out, rows.Err()
}

// ExplainListOpportunities returns SQLite's plan for a listing.
func ExplainListOpportunities(db *DB, scope store.Scope, q store.OpportunityQuery) (string, error) {
	return ExplainListing(db, scope, q)
}

// ExplainListing returns SQLite's plan for the listing q asks for (see
// sqlstore.Dialect.ListingSQL).
func ExplainListing(db *DB, scope store.Scope, q any) (string, error) {
	query, args, err := dialect.ListingSQL(scope, q)
	if err != nil {
		return "", err
	}
	return explain(db, query, args)
}

func explain(db *DB, query string, args []any) (string, error) {
	rows, err := db.reader.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// ProbeDueForTest lets db's next Writable try a write at once.
func ProbeDueForTest(db *DB) {
	db.writes.mu.Lock()
	db.writes.probed = time.Time{}
	db.writes.mu.Unlock()
}

// GroupCommit turns group commit on or off for db's next writes (off:
// each write commits in a transaction of its own), for benchmarks to
// compare the two. Call it while no write is running.
func GroupCommit(db *DB, on bool) {
	db.commits.SetMaxBatch(1)
	if on {
		db.commits.SetMaxBatch(sqlstore.MaxBatch)
	}
}

// CommitBatch runs fns as one batch of the committer would, in one
// transaction, each in its savepoint, and returns each one's answer; fns[i]
// runs for a request of context ctxs[i] (context.Background past the end
// of ctxs). Call it while no write is running.
func CommitBatch(db *DB, ctxs []context.Context, fns ...func(store.Tx) error) []error {
	return sqlstore.CommitBatch(db.commits, ctxs, fns...)
}

// preparedOff keeps the caches StatementCache(db, false) took away.
var preparedOff = map[*DB][2]*sqlstore.Statements{}

// StatementCache turns db's prepared statements on or off (off: every
// query is parsed each time it runs), for benchmarks to compare the two.
// Call it while no transaction is running.
func StatementCache(db *DB, on bool) {
	if !on {
		if db.reads != nil {
			preparedOff[db] = [2]*sqlstore.Statements{db.reads, db.commits.Stmts()}
		}
		db.reads = nil
		db.commits.SetStmts(nil)
		return
	}
	if s, ok := preparedOff[db]; ok {
		db.reads = s[0]
		db.commits.SetStmts(s[1])
		delete(preparedOff, db)
	}
}
