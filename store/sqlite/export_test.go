package sqlite

import (
	"context"
	"strings"

	"pcs/store"
)

// ExecForTest runs a statement on db's writer.
func ExecForTest(db *DB, stmt string) error {
	_, err := db.writer.Exec(stmt)
	return err
}

// ExplainListOpportunities returns SQLite's plan for a listing.
func ExplainListOpportunities(db *DB, scope store.Scope, q store.OpportunityQuery) (string, error) {
	query, args, err := listQuery(scope, q, 1)
	if err != nil {
		return "", err
	}
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
