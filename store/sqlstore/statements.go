package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// Statements are a database's queries prepared once, for a driver that
// would otherwise parse a query's text each time it runs (modernc's
// SQLite). A transaction made with NewCachedTx runs each query it finds
// here as the prepared statement, on its own connection (database/sql
// prepares it there the first time), and notes the queries it did not
// find; Prepare prepares those once the transaction has ended, when a
// connection is free to prepare them on (a transaction may hold the only
// one). A driver that keeps its own cache (pgx) needs none of this.
type Statements struct {
	db     *sql.DB
	mu     sync.RWMutex
	stmts  map[string]*sql.Stmt
	closed bool
}

// maxStatements bounds how many queries are kept prepared: the listings'
// queries vary with their filters, and a query past the bound runs as
// text, as it would without the cache.
const maxStatements = 256

// NewStatements is an empty cache of db's prepared statements.
func NewStatements(db *sql.DB) *Statements {
	return &Statements{db: db, stmts: map[string]*sql.Stmt{}}
}

// NewCachedTx is tx as a store.Tx that runs the queries prepared in s
// (none when s is nil).
func NewCachedTx(tx *sql.Tx, d *Dialect, s *Statements) *Tx {
	return &Tx{tx: tx, d: d, stmts: s}
}

// lookup returns the statement of query prepared on the database, or nil.
func (s *Statements) lookup(query string) *sql.Stmt {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.stmts[query]
}

// Prepare prepares the queries t ran that s did not hold. Call it when t's
// transaction has ended. A query that fails to prepare keeps running as
// text.
func (s *Statements) Prepare(ctx context.Context, t *Tx) {
	if s == nil {
		return
	}
	for _, query := range t.missed {
		s.mu.RLock()
		_, held := s.stmts[query]
		skip := held || s.closed || len(s.stmts) >= maxStatements
		s.mu.RUnlock()
		if skip {
			continue
		}
		stmt, err := s.db.PrepareContext(ctx, query)
		if err != nil {
			continue
		}
		s.mu.Lock()
		if _, held := s.stmts[query]; held || s.closed {
			_ = stmt.Close()
		} else {
			s.stmts[query] = stmt
		}
		s.mu.Unlock()
	}
	t.missed = nil
}

// Close closes the prepared statements; those of transactions still
// running stay usable until they end.
func (s *Statements) Close() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	for _, stmt := range s.stmts {
		err = errors.Join(err, stmt.Close())
	}
	s.stmts, s.closed = nil, true
	return err
}

// prepared is query's prepared statement in t's transaction, or nil when
// it is not prepared yet (t notes it for Prepare).
func (t *Tx) prepared(ctx context.Context, query string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	if stmt := t.stmts.lookup(query); stmt != nil {
		if tx, ok := t.tx.(*sql.Tx); ok {
			return tx.StmtContext(ctx, stmt)
		}
		return stmt // a NewReader's: on whichever connection the database gives
	}
	for _, q := range t.missed {
		if q == query {
			return nil
		}
	}
	t.missed = append(t.missed, query)
	return nil
}
