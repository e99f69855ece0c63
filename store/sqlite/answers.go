package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"sync"

	"pcs/store"
	"pcs/store/sqlstore"
)

// answers reads stored GetOpportunity answers on the reader pool's driver
// connections directly (sql.Conn.Raw), each with the query prepared on it
// once: database/sql's prepared statement finds its connection's statement
// under locks, wraps the driver's rows, and copies the blob the driver has
// already copied out of SQLite, which was a fifth of the read beside
// SQLite's own work. What it reads is what sqlstore's OpportunityAnswer
// reads, with the same query.
type answers struct {
	pool  *sql.DB
	mu    sync.Mutex
	stmts map[driver.Conn]driver.StmtQueryContext // the query, prepared on each connection
}

func newAnswers(pool *sql.DB) *answers {
	return &answers{pool: pool, stmts: map[driver.Conn]driver.StmtQueryContext{}}
}

// read is store.AnswerReader's OpportunityAnswer on one connection of the
// pool, outside a transaction. ctx should not be cancellable (see
// DB.OpportunityAnswer).
func (a *answers) read(ctx context.Context, scope store.Scope, id string) ([]byte, error) {
	c, err := a.pool.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: get opportunity answer %s: %w", id, err)
	}
	defer c.Close()
	var answer []byte
	err = c.Raw(func(dc any) error {
		stmt, err := a.stmt(ctx, dc.(driver.Conn))
		if err != nil {
			return err
		}
		rows, err := stmt.QueryContext(ctx, []driver.NamedValue{
			{Ordinal: 1, Value: scope.Account}, {Ordinal: 2, Value: scope.Catalog}, {Ordinal: 3, Value: id}})
		if err != nil {
			return err
		}
		defer rows.Close()
		var v [1]driver.Value
		if err := rows.Next(v[:]); err != nil {
			return err
		}
		switch b := v[0].(type) {
		case nil:
		case []byte: // a copy of SQLite's, the driver's to give
			answer = b
		case string:
			answer = []byte(b)
		default:
			return fmt.Errorf("answer is %T", v[0])
		}
		return nil
	})
	switch {
	case errors.Is(err, io.EOF):
		return nil, store.ErrNotFound
	case err != nil:
		return nil, fmt.Errorf("sqlite: get opportunity answer %s: %w", id, err)
	}
	return answer, nil
}

// stmt is the query prepared on dc, prepared now if it is not yet.
func (a *answers) stmt(ctx context.Context, dc driver.Conn) (driver.StmtQueryContext, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.stmts[dc]; ok {
		return s, nil
	}
	s, err := dc.(driver.ConnPrepareContext).PrepareContext(ctx, sqlstore.OpportunityAnswerQuery)
	if err != nil {
		return nil, err
	}
	q, ok := s.(driver.StmtQueryContext)
	if !ok {
		s.Close()
		return nil, fmt.Errorf("statement %T cannot query with a context", s)
	}
	a.stmts[dc] = q
	return q, nil
}

// close closes the prepared statements, before the pool closes their
// connections.
func (a *answers) close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	var err error
	for dc, s := range a.stmts {
		if c, ok := s.(driver.Stmt); ok {
			err = errors.Join(err, c.Close())
		}
		delete(a.stmts, dc)
	}
	return err
}
