package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pcs/store"
)

// txn implements store.Tx over one SQL transaction.
type txn struct {
	tx *sql.Tx
}

// Sequence names the store keeps for itself.
const (
	seqOpportunityChange = "store/opportunity-change"
	seqOpportunityPruned = "store/opportunity-pruned-through"
)

func (t *txn) NextSequence(ctx context.Context, name string) (int64, error) {
	var v int64
	err := t.tx.QueryRowContext(ctx, `INSERT INTO sequences (name, value) VALUES (?, 1)
		ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`, name).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("sqlite: sequence %s: %w", name, err)
	}
	return v, nil
}

func (t *txn) sequence(ctx context.Context, name string) (int64, error) {
	var v int64
	err := t.tx.QueryRowContext(ctx, `SELECT value FROM sequences WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// opportunityColumns are what GetOpportunity reads: the whole record.
// Listings read listedColumns instead, which leave the document out where
// a summary stands for it (versions stored before summaries were kept have
// none, and are listed with their document).
const (
	opportunityColumns = `account, catalog, id, created_at, last_modified_at, stage, review_status, company, target_close, summary, doc`
	listedColumns      = `account, catalog, id, created_at, last_modified_at, stage, review_status, company, target_close, summary,
		CASE WHEN summary IS NULL THEN doc END`
)

func scanOpportunity(row rowScanner) (store.Opportunity, error) {
	var o store.Opportunity
	var created, modified int64
	err := row.Scan(&o.Account, &o.Catalog, &o.ID, &created, &modified, &o.Stage, &o.ReviewStatus,
		&o.CustomerCompanyName, &o.TargetCloseDate, &o.Summary, &o.Doc)
	o.CreatedAt = time.Unix(0, created).UTC()
	o.LastModifiedAt = time.Unix(0, modified).UTC()
	return o, err
}

func (t *txn) GetOpportunity(ctx context.Context, scope store.Scope, id string) (*store.Opportunity, error) {
	return queryOne(ctx, t.tx, "get opportunity "+id, `SELECT `+opportunityColumns+` FROM opportunity_versions
		WHERE account = ? AND catalog = ? AND id = ? AND valid_to IS NULL`, []any{scope.Account, scope.Catalog, id}, scanOpportunity)
}

// idNumber is the numeric part of an id such as "O5000012", which orders
// ids as the service does (O9 before O10).
func idNumber(id string) int64 {
	n, _ := strconv.ParseInt(strings.TrimLeft(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"), 10, 64)
	return n
}

func (t *txn) insertVersion(ctx context.Context, o *store.Opportunity, version int64) error {
	if err := storable(o.CreatedAt, o.LastModifiedAt); err != nil {
		return fmt.Errorf("sqlite: opportunity %s: %w", o.ID, err)
	}
	var summary any // NULL: no summary, the listing reads the document
	if len(o.Summary) > 0 {
		summary = o.Summary
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO opportunity_versions
		(account, catalog, id, id_num, valid_from, created_at, last_modified_at, stage, review_status, company, target_close, summary, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Account, o.Catalog, o.ID, idNumber(o.ID), version, o.CreatedAt.UnixNano(), o.LastModifiedAt.UnixNano(),
		o.Stage, o.ReviewStatus, o.CustomerCompanyName, o.TargetCloseDate, summary, nonNil(o.Doc))
	return err
}

func (t *txn) InsertOpportunity(ctx context.Context, o *store.Opportunity) error {
	v, err := t.NextSequence(ctx, seqOpportunityChange)
	if err != nil {
		return err
	}
	if err := t.insertVersion(ctx, o, v); err != nil {
		if isUniqueViolation(err) {
			return store.ErrExists
		}
		return fmt.Errorf("sqlite: insert opportunity %s: %w", o.ID, err)
	}
	return nil
}

func (t *txn) UpdateOpportunity(ctx context.Context, o *store.Opportunity) error {
	v, err := t.NextSequence(ctx, seqOpportunityChange)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE opportunity_versions SET valid_to = ?, replaced_at = ?
		WHERE account = ? AND catalog = ? AND id = ? AND valid_to IS NULL`,
		v, o.LastModifiedAt.UnixNano(), o.Account, o.Catalog, o.ID)
	if err != nil {
		return fmt.Errorf("sqlite: update opportunity %s: %w", o.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	if err := t.insertVersion(ctx, o, v); err != nil {
		return fmt.Errorf("sqlite: update opportunity %s: %w", o.ID, err)
	}
	return nil
}

func (t *txn) OpportunityHistory(ctx context.Context, scope store.Scope, id string) ([]store.Opportunity, error) {
	// The primary key (account, catalog, id, valid_from) reads them in order.
	rows, err := t.tx.QueryContext(ctx, `SELECT account, catalog, id, created_at, last_modified_at, stage, review_status,
		company, target_close, NULL, NULL FROM opportunity_versions WHERE account = ? AND catalog = ? AND id = ? ORDER BY valid_from`,
		scope.Account, scope.Catalog, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: history of opportunity %s: %w", id, err)
	}
	defer rows.Close()
	var out []store.Opportunity
	for rows.Next() {
		o, err := scanOpportunity(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: history of opportunity %s: %w", id, err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: history of opportunity %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, store.ErrNotFound
	}
	return out, nil
}

func (t *txn) OpportunityVersion(ctx context.Context) (int64, error) {
	return t.sequence(ctx, seqOpportunityChange)
}

func (t *txn) PruneOpportunityHistory(ctx context.Context, before time.Time) (int64, error) {
	var through sql.NullInt64
	if err := t.tx.QueryRowContext(ctx, `SELECT MAX(valid_to) FROM opportunity_versions
		WHERE valid_to IS NOT NULL AND replaced_at < ?`, before.UnixNano()).Scan(&through); err != nil {
		return 0, fmt.Errorf("sqlite: prune: %w", err)
	}
	if !through.Valid {
		return 0, nil
	}
	res, err := t.tx.ExecContext(ctx, `DELETE FROM opportunity_versions WHERE valid_to IS NOT NULL AND valid_to <= ?`, through.Int64)
	if err != nil {
		return 0, fmt.Errorf("sqlite: prune: %w", err)
	}
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO sequences (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)`, seqOpportunityPruned, through.Int64); err != nil {
		return 0, fmt.Errorf("sqlite: prune: %w", err)
	}
	return res.RowsAffected()
}

// sortColumns maps each ordering to its indexed column.
var sortColumns = map[store.OpportunitySort]string{
	store.SortLastModifiedDate:    "last_modified_at",
	store.SortCreatedDate:         "created_at",
	store.SortCustomerCompanyName: "company",
	store.SortTargetCloseDate:     "target_close",
	store.SortIdentifier:          "id_num",
}

func (t *txn) ListOpportunities(ctx context.Context, scope store.Scope, q store.OpportunityQuery) ([]store.Opportunity, error) {
	asOf := q.AsOf
	if asOf == 0 {
		v, err := t.OpportunityVersion(ctx)
		if err != nil {
			return nil, err
		}
		asOf = v
	} else {
		pruned, err := t.sequence(ctx, seqOpportunityPruned)
		if err != nil {
			return nil, err
		}
		if asOf < pruned {
			return nil, store.ErrSnapshotExpired
		}
	}
	query, args, err := listQuery(scope, q, asOf)
	if err != nil {
		return nil, err
	}
	return queryAll(ctx, t.tx, "list opportunities", query, args, scanOpportunity)
}

// listQuery builds the SELECT of ListOpportunities: the versions visible at
// asOf, filtered, in keyset order on one indexed column, ties broken by id.
func listQuery(scope store.Scope, q store.OpportunityQuery, asOf int64) (string, []any, error) {
	col, ok := sortColumns[q.Sort]
	if !ok {
		col = sortColumns[store.SortLastModifiedDate]
	}
	var sb strings.Builder
	args := []any{scope.Account, scope.Catalog, asOf, asOf}
	sb.WriteString(`SELECT ` + listedColumns + ` FROM opportunity_versions
		WHERE account = ? AND catalog = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)`)
	in := func(column string, values []string) {
		if len(values) == 0 {
			return
		}
		sb.WriteString(" AND " + column + " IN (" + strings.Repeat("?,", len(values)-1) + "?)")
		for _, v := range values {
			args = append(args, v)
		}
	}
	in("id", q.IDs)
	in("stage", q.Stages)
	in("review_status", q.ReviewStatuses)
	in("company", q.CustomerCompanyNames)
	bound := func(cond string, v any) {
		sb.WriteString(" AND " + cond)
		args = append(args, v)
	}
	if q.LastModifiedAfter != nil {
		bound("last_modified_at >= ?", q.LastModifiedAfter.UnixNano())
	}
	if q.LastModifiedBefore != nil {
		bound("last_modified_at <= ?", q.LastModifiedBefore.UnixNano())
	}
	if q.CreatedAfter != nil {
		bound("created_at >= ?", q.CreatedAfter.UnixNano())
	}
	if q.CreatedBefore != nil {
		bound("created_at <= ?", q.CreatedBefore.UnixNano())
	}
	if q.TargetCloseAfter != "" {
		bound("target_close >= ? AND target_close <> ''", q.TargetCloseAfter)
	}
	if q.TargetCloseBefore != "" {
		bound("target_close <= ? AND target_close <> ''", q.TargetCloseBefore)
	}
	dir, cmp := "ASC", ">"
	if q.Descending {
		dir, cmp = "DESC", "<"
	}
	if c := q.After; c != nil {
		idNum := idNumber(c.ID)
		if col == "id_num" {
			bound("id_num "+cmp+" ?", idNum)
		} else {
			var key any = c.Key
			if col == "last_modified_at" || col == "created_at" {
				n, err := strconv.ParseInt(c.Key, 10, 64)
				if err != nil {
					return "", nil, fmt.Errorf("sqlite: cursor key %q: %w", c.Key, err)
				}
				key = n
			}
			// A row-value comparison lets SQLite seek the index to the cursor.
			sb.WriteString(" AND (" + col + ", id_num) " + cmp + " (?, ?)")
			args = append(args, key, idNum)
		}
	}
	sb.WriteString(" ORDER BY " + col + " " + dir)
	if col != "id_num" {
		sb.WriteString(", id_num " + dir)
	}
	if q.Limit > 0 {
		sb.WriteString(" LIMIT ?")
		args = append(args, q.Limit)
	}
	return sb.String(), args, nil
}

func (t *txn) GetIdempotency(ctx context.Context, scope store.Scope, operation, token string) (*store.Idempotency, error) {
	r := store.Idempotency{Scope: scope, Operation: operation, Token: token}
	var created int64
	err := t.tx.QueryRowContext(ctx, `SELECT request_hash, response, created_at FROM idempotency
		WHERE account = ? AND catalog = ? AND operation = ? AND token = ?`,
		scope.Account, scope.Catalog, operation, token).Scan(&r.RequestHash, &r.Response, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: get client token: %w", err)
	}
	r.CreatedAt = time.Unix(0, created).UTC()
	return &r, nil
}

func (t *txn) PutIdempotency(ctx context.Context, r *store.Idempotency) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO idempotency (account, catalog, operation, token, request_hash, response, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, catalog, operation, token) DO UPDATE SET
		request_hash = excluded.request_hash, response = excluded.response, created_at = excluded.created_at`,
		r.Account, r.Catalog, r.Operation, r.Token, r.RequestHash, nonNil(r.Response), r.CreatedAt.UnixNano())
	if err != nil {
		return fmt.Errorf("sqlite: put client token: %w", err)
	}
	return nil
}

func (t *txn) DeleteIdempotencyBefore(ctx context.Context, before time.Time) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `DELETE FROM idempotency WHERE created_at < ?`, before.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("sqlite: expire client tokens: %w", err)
	}
	return res.RowsAffected()
}

func (t *txn) PutSolution(ctx context.Context, s *store.Solution) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO solutions (account, catalog, id, name, status, category, created_at, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, catalog, id) DO UPDATE SET name = excluded.name, status = excluded.status,
		category = excluded.category, created_at = excluded.created_at, doc = excluded.doc`,
		s.Account, s.Catalog, s.ID, s.Name, s.Status, s.Category, s.CreatedAt.UnixNano(), nonNil(s.Doc))
	if err != nil {
		return fmt.Errorf("sqlite: put solution %s: %w", s.ID, err)
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

func (t *txn) GetSolution(ctx context.Context, scope store.Scope, id string) (*store.Solution, error) {
	return queryOne(ctx, t.tx, "get solution "+id, `SELECT `+solutionColumns+` FROM solutions
		WHERE account = ? AND catalog = ? AND id = ?`, []any{scope.Account, scope.Catalog, id}, scanSolution)
}

// solutionIDOrder orders solution ids by their number, as the service
// orders ids (S-9 before S-10).
const solutionIDOrder = "CAST(SUBSTR(id, 3) AS INTEGER)"

var solutionSortColumns = map[string]string{
	"Identifier": solutionIDOrder, "Name": "name", "Status": "status", "Category": "category", "CreatedDate": "created_at",
}

func (t *txn) ListSolutions(ctx context.Context, scope store.Scope, q store.SolutionQuery) ([]store.Solution, error) {
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
	return queryAll(ctx, t.tx, "list solutions", sb.String(), args, scanSolution)
}

// storable refuses instants that Unix nanoseconds cannot hold (before 1678
// or after 2262, the zero time among them), which would come back as others.
func storable(times ...time.Time) error {
	for _, t := range times {
		if t.Year() < 1678 || t.Year() > 2261 {
			return fmt.Errorf("time %v is outside what the store keeps (1678 to 2261)", t)
		}
	}
	return nil
}
