package sqlstore

import (
	"context"
	"strings"
	"time"

	"pcs/store"
)

func (t *Tx) PutSolution(ctx context.Context, s *store.Solution) error {
	_, err := t.exec(ctx, `INSERT INTO solutions (account, catalog, id, name, status, category, created_at, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, catalog, id) DO UPDATE SET name = excluded.name, status = excluded.status,
		category = excluded.category, created_at = excluded.created_at, doc = excluded.doc`,
		s.Account, s.Catalog, s.ID, s.Name, s.Status, s.Category, s.CreatedAt.UnixNano(), nonNil(s.Doc))
	if err != nil {
		return t.errorf("put solution %s: %w", s.ID, err)
	}
	return nil
}

const solutionColumns = `account, catalog, id, name, status, category, created_at, doc`

func scanSolution(row rowScanner) (store.Solution, error) {
	var s store.Solution
	var created int64
	err := row.Scan(&s.Account, &s.Catalog, &s.ID, &s.Name, &s.Status, &s.Category, &created, &s.Doc)
	s.CreatedAt = time.Unix(0, created).UTC()
	return s, err
}

func (t *Tx) GetSolution(ctx context.Context, scope store.Scope, id string) (*store.Solution, error) {
	return queryOne(ctx, t, "get solution "+id, `SELECT `+solutionColumns+` FROM solutions
		WHERE account = ? AND catalog = ? AND id = ?`, []any{scope.Account, scope.Catalog, id}, scanSolution)
}

// solutionSortColumns maps each ordering to its column; the ids' order,
// which breaks ties, is solutionIDOrder.
var solutionSortColumns = map[string]string{
	"Name": "name", "Status": "status", "Category": "category", "CreatedDate": "created_at",
}

func (t *Tx) ListSolutions(ctx context.Context, scope store.Scope, q store.SolutionQuery) ([]store.Solution, error) {
	var sb strings.Builder
	args := []any{scope.Account, scope.Catalog}
	sb.WriteString(`SELECT ` + solutionColumns + ` FROM solutions WHERE account = ? AND catalog = ?`)
	for _, f := range []struct {
		col    string
		values []string
	}{{"id", q.IDs}, {"status", q.Statuses}, {"category", q.Categories}} {
		if len(f.values) == 0 {
			continue
		}
		sb.WriteString(" AND " + f.col + " IN (" + strings.Repeat("?,", len(f.values)-1) + "?)")
		for _, v := range f.values {
			args = append(args, v)
		}
	}
	// Ids order by their number, as the service orders them (S-9 before S-10).
	solutionIDOrder := t.d.Number("SUBSTR(id, 3)")
	col, ok := solutionSortColumns[q.Sort]
	if !ok {
		col = solutionIDOrder
	}
	dir := "ASC"
	if q.Descending {
		dir = "DESC"
	}
	sb.WriteString(" ORDER BY " + col + " " + dir + ", " + solutionIDOrder + " " + dir)
	if q.Limit > 0 {
		sb.WriteString(" LIMIT ? OFFSET ?")
		args = append(args, q.Limit, q.Offset)
	}
	return queryAll(ctx, t, "list solutions", sb.String(), args, scanSolution)
}
