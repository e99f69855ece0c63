package sqlstore

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

// opportunityColumns are what GetOpportunity reads: the whole record.
const opportunityColumns = `account, catalog, id, created_at, last_modified_at, stage, review_status, company, target_close, summary, doc`

// A listing reads only what its page and cursor are made of: each row's
// id, the column it is sorted on, its summary and whether that is encoded
// as the listing's item, and its document where it has no summary
// (versions stored before summaries were kept); then one column of the
// scope's clock. Every column read costs the driver calls and copies of
// one more value per row.
const listedColumns = `id, %s summary, COALESCE(summary_encoded, FALSE), CASE WHEN summary IS NULL THEN doc END`

// listedClock is the column of the scope's clock a listing reads beside
// each row, as an uncorrelated subquery (which the database runs once per
// statement): the scope's version on a first page (AsOf 0), how far its
// history is pruned on a pinned one.
func listedClock(pinned bool) string {
	col := "version"
	if pinned {
		col = "pruned_through"
	}
	return `COALESCE((SELECT ` + col + ` FROM opportunity_clock WHERE account = ? AND catalog = ?), 0)`
}

// listedRow scans rows of listedColumns sorted on one column, and their
// clock column, into one set of destinations; scan makes each a record
// of the listing's scope (every row's, so its columns are not read).
type listedRow struct {
	o     store.Opportunity // the fields scanned into: ID, the sort key, Summary, SummaryEncoded, Doc
	clock int64
	dest  []any
}

func newListedRow(scope store.Scope, col string) *listedRow {
	r := &listedRow{o: store.Opportunity{Scope: scope}}
	r.dest = append(r.dest, &r.o.ID)
	switch col {
	case "created_at":
		r.dest = append(r.dest, unixNanos{&r.o.CreatedAt})
	case "last_modified_at":
		r.dest = append(r.dest, unixNanos{&r.o.LastModifiedAt})
	case "company":
		r.dest = append(r.dest, &r.o.CustomerCompanyName)
	case "target_close":
		r.dest = append(r.dest, &r.o.TargetCloseDate)
	}
	r.dest = append(r.dest, &r.o.Summary, &r.o.SummaryEncoded, &r.o.Doc, &r.clock)
	return r
}

// scan reads row and returns its record.
func (r *listedRow) scan(row rowScanner) (store.Opportunity, error) {
	r.o.Summary, r.o.Doc = nil, nil
	if err := row.Scan(r.dest...); err != nil {
		return store.Opportunity{}, err
	}
	return r.o, nil
}

// unixNanos scans a time stored as Unix nanoseconds into t, in UTC.
type unixNanos struct{ t *time.Time }

func (u unixNanos) Scan(src any) error {
	n, ok := src.(int64)
	if !ok {
		return fmt.Errorf("a time in Unix nanoseconds is %T", src)
	}
	*u.t = time.Unix(0, n).UTC()
	return nil
}

func scanOpportunity(row rowScanner) (store.Opportunity, error) {
	var o store.Opportunity
	var created, modified int64
	err := row.Scan(&o.Account, &o.Catalog, &o.ID, &created, &modified, &o.Stage, &o.ReviewStatus,
		&o.CustomerCompanyName, &o.TargetCloseDate, &o.Summary, &o.Doc)
	o.CreatedAt = time.Unix(0, created).UTC()
	o.LastModifiedAt = time.Unix(0, modified).UTC()
	return o, err
}

func (t *Tx) GetOpportunity(ctx context.Context, scope store.Scope, id string) (*store.Opportunity, error) {
	return queryOne(ctx, t, "get opportunity "+id, `SELECT `+opportunityColumns+` FROM opportunity_versions
		WHERE account = ? AND catalog = ? AND id = ? AND valid_to IS NULL`, []any{scope.Account, scope.Catalog, id}, scanOpportunity)
}

// OpportunityAnswerQuery is OpportunityAnswer's query, with account,
// catalog and id as its arguments, for a backend that runs it on a
// driver's connection directly.
const OpportunityAnswerQuery = `SELECT answer FROM opportunity_versions
		WHERE account = ? AND catalog = ? AND id = ? AND valid_to IS NULL`

func (t *Tx) OpportunityAnswer(ctx context.Context, scope store.Scope, id string) ([]byte, error) {
	b, err := queryOne(ctx, t, "get opportunity answer "+id, OpportunityAnswerQuery, []any{scope.Account, scope.Catalog, id},
		func(row rowScanner) ([]byte, error) {
			var b []byte
			return b, row.Scan(&b)
		})
	if err != nil {
		return nil, err
	}
	return *b, nil
}

// summaryEncoded is the summary_encoded column of o: whether its summary
// is the listing's encoded item (a version without a summary has none).
func summaryEncoded(o *store.Opportunity) bool { return o.SummaryEncoded && o.Summary != nil }

// idNumber is the numeric part of an id such as "O5000012", which orders
// ids as the service does (O9 before O10).
func idNumber(id string) int64 {
	n, _ := strconv.ParseInt(strings.TrimLeft(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"), 10, 64)
	return n
}

func (t *Tx) insertVersion(ctx context.Context, o *store.Opportunity, version int64) error {
	if err := storable(o.CreatedAt, o.LastModifiedAt); err != nil {
		return t.errorf("opportunity %s: %w", o.ID, err)
	}
	_, err := t.exec(ctx, `INSERT INTO opportunity_versions
		(account, catalog, id, id_num, valid_from, created_at, last_modified_at, stage, review_status, company, target_close, summary,
		summary_encoded, doc, answer)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Account, o.Catalog, o.ID, idNumber(o.ID), version, o.CreatedAt.UnixNano(), o.LastModifiedAt.UnixNano(),
		o.Stage, o.ReviewStatus, o.CustomerCompanyName, o.TargetCloseDate, orNull(o.Summary), summaryEncoded(o), nonNil(o.Doc), orNull(o.Answer))
	return err
}

func (t *Tx) InsertOpportunity(ctx context.Context, o *store.Opportunity) error {
	if t.d.UpdateInWith {
		if err := storable(o.CreatedAt, o.LastModifiedAt); err != nil {
			return t.errorf("opportunity %s: %w", o.ID, err)
		}
		// The scope's next version and the row, in one statement.
		var v int64
		err := t.queryRow(ctx, `WITH v AS (UPDATE opportunity_clock SET version = version + 1 WHERE account = ? AND catalog = ? RETURNING version)
			INSERT INTO opportunity_versions
			(account, catalog, id, id_num, valid_from, created_at, last_modified_at, stage, review_status, company, target_close, summary,
			summary_encoded, doc, answer)
			SELECT ?, ?, ?, ?, version, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM v RETURNING valid_from`,
			o.Account, o.Catalog, o.Account, o.Catalog, o.ID, idNumber(o.ID), o.CreatedAt.UnixNano(), o.LastModifiedAt.UnixNano(),
			o.Stage, o.ReviewStatus, o.CustomerCompanyName, o.TargetCloseDate, orNull(o.Summary), summaryEncoded(o), nonNil(o.Doc),
			orNull(o.Answer)).Scan(&v)
		switch {
		case err == nil:
			return nil
		case t.d.IsUniqueViolation(err):
			return store.ErrExists
		case !errors.Is(err, sql.ErrNoRows): // no rows: the scope's first version, below
			return t.errorf("insert opportunity %s: %w", o.ID, err)
		}
	}
	v, err := t.nextOpportunityVersion(ctx, o.Scope)
	if err != nil {
		return err
	}
	if err := t.insertVersion(ctx, o, v); err != nil {
		if t.d.IsUniqueViolation(err) {
			return store.ErrExists
		}
		return t.errorf("insert opportunity %s: %w", o.ID, err)
	}
	return nil
}

func (t *Tx) UpdateOpportunity(ctx context.Context, o *store.Opportunity) error {
	v, err := t.nextOpportunityVersion(ctx, o.Scope)
	if err != nil {
		return err
	}
	// A superseded version keeps its answer, though only the current one is
	// answered: on SQLite, dropping it shrank the row and rebalanced its
	// table page with its neighbours, 3 to 4 more pages written per update
	// (a fifth of them), and PruneOpportunityHistory deletes the row soon.
	res, err := t.exec(ctx, `UPDATE opportunity_versions SET valid_to = ?, replaced_at = ?
		WHERE account = ? AND catalog = ? AND id = ? AND valid_to IS NULL`,
		v, o.LastModifiedAt.UnixNano(), o.Account, o.Catalog, o.ID)
	if err != nil {
		return t.errorf("update opportunity %s: %w", o.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	if err := t.insertVersion(ctx, o, v); err != nil {
		return t.errorf("update opportunity %s: %w", o.ID, err)
	}
	return nil
}

// Each scope's opportunities have a version of their own
// (opportunity_clock.version): every insert or update of one takes the
// scope's next, in the writing transaction, so versions become visible in
// commit order and writers of two scopes never share a counter.
// pruned_through is how far back PruneOpportunityHistory has cut the
// scope's history.
func (t *Tx) nextOpportunityVersion(ctx context.Context, scope store.Scope) (int64, error) {
	var v int64 // as NextSequence takes a counter's next value
	err := t.queryRow(ctx, `UPDATE opportunity_clock SET version = version + 1 WHERE account = ? AND catalog = ? RETURNING version`,
		scope.Account, scope.Catalog).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		err = t.queryRow(ctx, `INSERT INTO opportunity_clock (account, catalog, version, pruned_through) VALUES (?, ?, 1, 0)
			ON CONFLICT (account, catalog) DO UPDATE SET version = opportunity_clock.version + 1 RETURNING version`,
			scope.Account, scope.Catalog).Scan(&v)
	}
	if err != nil {
		return 0, t.errorf("opportunity version: %w", err)
	}
	return v, nil
}

// opportunityClock returns scope's version and how far its history is
// pruned; both 0 for a scope that never had an opportunity.
func (t *Tx) opportunityClock(ctx context.Context, scope store.Scope) (version, prunedThrough int64, err error) {
	err = t.queryRow(ctx, `SELECT version, pruned_through FROM opportunity_clock WHERE account = ? AND catalog = ?`,
		scope.Account, scope.Catalog).Scan(&version, &prunedThrough)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, t.errorf("opportunity version: %w", err)
	}
	return version, prunedThrough, nil
}

func (t *Tx) OpportunityHistory(ctx context.Context, scope store.Scope, id string) ([]store.Opportunity, error) {
	// The primary key (account, catalog, id, valid_from) reads them in order;
	// the summary and document stay unread.
	out, err := queryAll(ctx, t, "history of opportunity "+id, `SELECT account, catalog, id, created_at, last_modified_at,
		stage, review_status, company, target_close, NULL, NULL FROM opportunity_versions
		WHERE account = ? AND catalog = ? AND id = ? ORDER BY valid_from`, []any{scope.Account, scope.Catalog, id}, scanOpportunity)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, store.ErrNotFound
	}
	return out, nil
}

func (t *Tx) OpportunityVersion(ctx context.Context, scope store.Scope) (int64, error) {
	v, _, err := t.opportunityClock(ctx, scope)
	return v, err
}

func (t *Tx) PruneOpportunityHistory(ctx context.Context, before time.Time) (int64, error) {
	// In each scope, the newest version replaced before the cutoff: every
	// version replaced by then (valid_to at or below it) goes.
	type cut struct {
		scope   store.Scope
		through int64
	}
	cuts, err := queryAll(ctx, t, "prune", `SELECT account, catalog, MAX(valid_to) FROM opportunity_versions
		WHERE valid_to IS NOT NULL AND replaced_at < ? GROUP BY account, catalog`, []any{before.UnixNano()},
		func(row rowScanner) (cut, error) {
			var c cut
			err := row.Scan(&c.scope.Account, &c.scope.Catalog, &c.through)
			return c, err
		})
	if err != nil {
		return 0, err
	}
	var pruned int64
	for _, c := range cuts {
		res, err := t.exec(ctx, `DELETE FROM opportunity_versions WHERE account = ? AND catalog = ? AND valid_to IS NOT NULL AND valid_to <= ?`,
			c.scope.Account, c.scope.Catalog, c.through)
		if err != nil {
			return 0, t.errorf("prune: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, t.errorf("prune: %w", err)
		}
		pruned += n
		if _, err := t.exec(ctx, `UPDATE opportunity_clock SET pruned_through = `+t.d.Greatest+`(pruned_through, ?)
			WHERE account = ? AND catalog = ?`, c.through, c.scope.Account, c.scope.Catalog); err != nil {
			return 0, t.errorf("prune: %w", err)
		}
	}
	return pruned, nil
}

// sortColumn is the indexed column of an ordering, the last modified
// date's for one it does not know.
func sortColumn(sort store.OpportunitySort) string {
	if col, ok := sortColumns[sort]; ok {
		return col
	}
	return sortColumns[store.SortLastModifiedDate]
}

// sortColumns maps each ordering to its indexed column.
var sortColumns = map[store.OpportunitySort]string{
	store.SortLastModifiedDate:    "last_modified_at",
	store.SortCreatedDate:         "created_at",
	store.SortCustomerCompanyName: "company",
	store.SortTargetCloseDate:     "target_close",
	store.SortIdentifier:          "id_num",
}

func (t *Tx) ListOpportunities(ctx context.Context, scope store.Scope, q store.OpportunityQuery) ([]store.Opportunity, error) {
	l, err := t.ReadListing(ctx, scope, q)
	return l.Opportunities, err
}

// ReadListing is ListOpportunities with the version it listed at
// (store.ListingReader), in one statement that reads the scope's clock
// beside the page: on a NewReader, that statement's snapshot is the
// listing's.
func (t *Tx) ReadListing(ctx context.Context, scope store.Scope, q store.OpportunityQuery) (store.Listing, error) {
	query, args, err := listQuery(scope, q)
	if err != nil {
		return store.Listing{}, t.errorf("list opportunities: %w", err)
	}
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return store.Listing{}, t.errorf("list opportunities: %w", err)
	}
	defer rows.Close()
	// The page's size is known: its records are allocated once.
	out := make([]store.Opportunity, 0, max(q.Limit, 0))
	row := newListedRow(scope, sortColumn(q.Sort))
	for rows.Next() {
		o, err := row.scan(rows)
		if err != nil {
			return store.Listing{}, t.errorf("list opportunities: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return store.Listing{}, t.errorf("list opportunities: %w", err)
	}
	clock := row.clock // the version, or on a pinned page how far the history is pruned
	if len(out) == 0 {
		// No row to read the clock from: read it now. Pruning only moves
		// forward, so a pin this read finds unexpired was not expired for
		// the listing either.
		version, pruned, err := t.opportunityClock(ctx, scope)
		if err != nil {
			return store.Listing{}, err
		}
		clock = version
		if q.AsOf != 0 {
			clock = pruned
		}
	}
	if q.AsOf == 0 {
		return store.Listing{Opportunities: out, AsOf: clock}, nil
	}
	if q.AsOf < clock {
		return store.Listing{}, store.ErrSnapshotExpired
	}
	return store.Listing{Opportunities: out, AsOf: q.AsOf}, nil
}

// listQuery builds the SELECT of ListOpportunities: the versions visible at
// q.AsOf (the current ones when it is 0), filtered, in keyset order on one
// indexed column, ties broken by id, each row with the scope's clock.
func listQuery(scope store.Scope, q store.OpportunityQuery) (string, []any, error) {
	col := sortColumn(q.Sort)
	sortKey := ""
	if col != "id_num" {
		sortKey = col + ","
	}
	var sb strings.Builder
	args := []any{scope.Account, scope.Catalog, scope.Account, scope.Catalog} // the clock's, then the rows'
	sb.WriteString(`SELECT ` + fmt.Sprintf(listedColumns, sortKey) + `, ` + listedClock(q.AsOf != 0) +
		` FROM opportunity_versions WHERE account = ? AND catalog = ?`)
	if q.AsOf == 0 {
		// Every version a snapshot holds began at or before its scope's
		// version then, and every one it replaced ended there too.
		sb.WriteString(" AND valid_to IS NULL")
	} else {
		sb.WriteString(" AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)")
		args = append(args, q.AsOf, q.AsOf)
	}
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
					return "", nil, fmt.Errorf("cursor key %q: %w", c.Key, err)
				}
				key = n
			}
			// A row-value comparison lets the database seek the index to the cursor.
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
