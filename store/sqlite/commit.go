package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"pcs/store"
	"pcs/store/sqlstore"
)

// Group commit. A durable commit costs an fsync, and SQLite has one
// writer, so writes committed one at a time are bound by the disk. The
// committer is the one goroutine that writes: each Update hands it its
// function and waits; it takes every function waiting, runs them one after
// the other in one transaction, each in a savepoint of its own, commits
// once and only then answers them all. Concurrent writers share one fsync,
// and each write is on disk before its Update returns.
//
// Each function still runs as if alone: it sees every write committed
// before it and those of the functions before it in the batch, and one
// that fails is rolled back to its savepoint, leaving the others' writes
// in place. When the shared transaction itself fails (its commit, or an
// error that ended it, such as a cancelled context interrupting a
// statement), every function of the batch runs again in a transaction of
// its own, as the store allows (store.Store: fn may run more than once).

// maxBatch bounds how many writes share a transaction, so that a batch's
// latency stays that of a few writes.
const maxBatch = 64

// savepoint names the savepoint each function of a batch runs in.
const savepoint = "pcs_write"

var errClosed = errors.New("sqlite: the database is closed")

// committer runs every write transaction of a database.
type committer struct {
	db       *sql.DB
	stmts    *sqlstore.Statements
	maxBatch int // 1: every write commits alone
	queue    chan *write
	quit     chan struct{}
	stop     sync.Once
	done     chan struct{}
	// outbox is told of every commit that changed the event outbox,
	// before the Updates it answers return (store.OutboxNotifier): one
	// process writes the database (the data directory's lock), so this
	// sees every such commit.
	outbox store.Signal
}

// write is one Update waiting for its answer.
type write struct {
	ctx      context.Context
	fn       func(store.Tx) error
	err      error
	panicked any // what fn panicked with, to panic with in Update's goroutine
	done     chan struct{}
}

func newCommitter(db *sql.DB, stmts *sqlstore.Statements) *committer {
	c := &committer{db: db, stmts: stmts, maxBatch: maxBatch, queue: make(chan *write),
		quit: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c
}

// update runs fn in a write transaction and returns when it is durable, or
// has failed.
func (c *committer) update(ctx context.Context, fn func(store.Tx) error) error {
	w := &write{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case c.queue <- w:
	case <-ctx.Done():
		return fmt.Errorf("sqlite: begin: %w", ctx.Err())
	case <-c.quit:
		return errClosed
	}
	<-w.done
	if w.panicked != nil {
		panic(w.panicked)
	}
	return w.err
}

// close stops the committer once the batch it is running is answered; it
// may be called again.
func (c *committer) close() {
	c.stop.Do(func() { close(c.quit) })
	<-c.done
}

func (c *committer) loop() {
	defer close(c.done)
	batch := make([]*write, 0, maxBatch)
	for {
		select {
		case w := <-c.queue:
			batch = append(batch[:0], w)
		case <-c.quit:
			return
		}
	more:
		for len(batch) < c.maxBatch {
			select {
			case w := <-c.queue:
				batch = append(batch, w)
			default:
				break more
			}
		}
		c.commit(batch)
		for i, w := range batch {
			close(w.done)
			batch[i] = nil
		}
	}
}

// commit runs batch's functions and commits them.
func (c *committer) commit(batch []*write) {
	if len(batch) > 1 && c.together(batch) == nil {
		return
	}
	for _, w := range batch {
		c.alone(w)
	}
}

// alone runs w in a transaction of its own.
func (c *committer) alone(w *write) {
	w.err, w.panicked = nil, nil
	tx, err := c.db.BeginTx(w.ctx, nil)
	if err != nil {
		w.err = fmt.Errorf("sqlite: begin: %w", err)
		return
	}
	t := sqlstore.NewCachedTx(tx, dialect, c.stmts)
	defer c.stmts.Prepare(context.Background(), t)
	if w.err = w.call(t); w.err != nil || w.panicked != nil {
		_ = tx.Rollback()
		return
	}
	if err := tx.Commit(); err != nil {
		w.err = fmt.Errorf("sqlite: commit: %w", err)
		return
	}
	c.committed(t)
}

// committed tells the outbox's readers of t's commit, when it changed the
// outbox.
func (c *committer) committed(t *sqlstore.Tx) {
	if t.OutboxChanged() {
		c.outbox.Notify()
	}
}

// together runs batch's functions in one transaction, each in a savepoint,
// and commits it. An error means the transaction did not commit: no
// function's writes are in the database and no answer is decided.
func (c *committer) together(batch []*write) error {
	// The transaction is the batch's, not one request's: a request whose
	// context ends while others run must not roll theirs back.
	ctx := context.Background()
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := sqlstore.NewCachedTx(tx, dialect, c.stmts)
	defer c.stmts.Prepare(ctx, t)
	for _, w := range batch {
		w.err, w.panicked = nil, nil
		if err := w.ctx.Err(); err != nil {
			w.err = fmt.Errorf("sqlite: begin: %w", err)
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT "+savepoint); err != nil {
			_ = tx.Rollback()
			return err
		}
		if w.err = w.call(t); w.err != nil || w.panicked != nil {
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO "+savepoint); err != nil {
				_ = tx.Rollback()
				return err
			}
		}
		// Releasing the savepoint fails when the transaction has ended
		// (SQLite rolls the whole of it back on some errors, and later
		// statements would then run outside it): the batch starts over.
		if _, err := tx.ExecContext(ctx, "RELEASE "+savepoint); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	c.committed(t)
	return nil
}

// call runs w's function in t, catching a panic for Update to repeat.
func (w *write) call(t *sqlstore.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			w.panicked = p
		}
	}()
	return w.fn(t)
}
