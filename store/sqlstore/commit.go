package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"pcs/store"
)

// Group commit. A durable commit costs a flush of the log to disk, and a
// store whose writers run one at a time (SQLite's one writer, the write
// lock on PostgreSQL) is bound by those flushes and by each write's round
// trips under the lock. A Committer is the one goroutine of a process
// that writes: each Update hands it its function and waits; it takes
// every function waiting, runs them one after the other in one
// transaction, each in a savepoint of its own, commits once and only then
// answers them all. Concurrent writers share one flush (and, on
// PostgreSQL, one taking of the lock), and each write is durable before
// its Update returns.
//
// Each function still runs as if alone: it sees every write committed
// before it and those of the functions before it in the batch, and one
// that fails is rolled back to its savepoint, leaving the others' writes
// in place. When the shared transaction itself fails before it commits
// (an error that ended it, such as a cancelled context interrupting a
// statement, or a lost connection), every function of the batch runs
// again in a transaction of its own, as the store allows (store.Store: fn
// may run more than once). When its COMMIT fails in a way that leaves it
// unknown whether it committed (Backend.CommitUnknown), every function of
// the batch fails with that error: running them again could do them twice.

// MaxBatch bounds how many writes share a transaction, so that a batch's
// latency stays that of a few writes.
const MaxBatch = 64

// savepoint names the savepoint each function of a batch runs in.
const savepoint = "pcs_write"

// Backend is what a Committer needs of its database.
type Backend struct {
	Dialect *Dialect
	// Stmts, when set, are the prepared statements the transactions run
	// (see Statements); nil: none.
	Stmts *Statements
	// Begin begins a write transaction; its error is the one Update
	// returns.
	Begin func(ctx context.Context) (*sql.Tx, error)
	// BeginError is the error Update returns for a request whose context
	// ended before its function ran.
	BeginError func(err error) error
	// BeforeCommit, when set, runs in the transaction just before COMMIT,
	// with t the store.Tx its functions ran in.
	BeforeCommit func(ctx context.Context, tx *sql.Tx, t *Tx) error
	// CommitError is the error Update returns for COMMIT's err.
	CommitError func(err error) error
	// CommitUnknown, when set, reports a COMMIT error after which the
	// transaction may have committed (the connection lost during it).
	CommitUnknown func(err error) bool
	// Committed, when set, is called after each commit that wrote the
	// changes of at least one write (SQLite's checkpointer is told so).
	Committed func()
	// JoinStatements: the driver runs several statements sent as one text
	// (PostgreSQL's simple protocol), so a write's savepoint is released
	// and the next one's taken in one round trip.
	JoinStatements bool
	// Closed is the error of an Update after Close.
	Closed error
}

// Committer runs every write transaction of a database of one process.
type Committer struct {
	b        Backend
	maxBatch int // 1: every write commits alone
	queue    chan *write
	quit     chan struct{}
	stop     sync.Once
	done     chan struct{}
	// Outbox is told of every commit that changed the event outbox,
	// before the Updates it answers return (store.OutboxNotifier).
	Outbox store.Signal
	// OnCommit, when set, is called after each commit with how many
	// writes' changes it committed (tests). Set it before the first
	// write.
	OnCommit func(writes int)
}

// write is one Update waiting for its answer.
type write struct {
	ctx      context.Context
	fn       func(store.Tx) error
	err      error
	panicked any // what fn panicked with, to panic with in Update's goroutine
	done     chan struct{}
}

// newWrite is a write of fn for a request of context ctx.
func newWrite(ctx context.Context, fn func(store.Tx) error) *write {
	return &write{ctx: ctx, fn: fn, done: make(chan struct{})}
}

// NewCommitter starts the committer of b.
func NewCommitter(b Backend) *Committer {
	c := &Committer{b: b, maxBatch: MaxBatch, queue: make(chan *write),
		quit: make(chan struct{}), done: make(chan struct{})}
	go c.loop()
	return c
}

// Update runs fn in a write transaction and returns when it is durable, or
// has failed.
func (c *Committer) Update(ctx context.Context, fn func(store.Tx) error) error {
	w := newWrite(ctx, fn)
	select {
	case c.queue <- w:
	case <-ctx.Done():
		return c.b.BeginError(ctx.Err())
	case <-c.quit:
		return c.b.Closed
	}
	<-w.done
	if w.panicked != nil {
		panic(w.panicked)
	}
	return w.err
}

// Close stops the committer once the batch it is running is answered; it
// may be called again.
func (c *Committer) Close() {
	c.stop.Do(func() { close(c.quit) })
	<-c.done
}

// Stmts are the prepared statements of the committer's transactions.
func (c *Committer) Stmts() *Statements { return c.b.Stmts }

// SetStmts replaces the prepared statements (benchmarks); call it while
// no write is running.
func (c *Committer) SetStmts(s *Statements) { c.b.Stmts = s }

// SetMaxBatch sets how many writes share a transaction at most (1: each
// commits alone), for benchmarks to compare; call it while no write is
// running.
func (c *Committer) SetMaxBatch(n int) { c.maxBatch = max(1, n) }

func (c *Committer) loop() {
	defer close(c.done)
	batch := make([]*write, 0, MaxBatch)
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
		c.runBatch(batch)
		for i, w := range batch {
			close(w.done)
			batch[i] = nil
		}
	}
}

// runBatch runs batch's functions and commits them, leaving each write's
// answer in it.
func (c *Committer) runBatch(batch []*write) {
	if len(batch) > 1 {
		err := c.together(batch)
		if err == nil {
			return
		}
		if errors.Is(err, errCommitUnknown) {
			// The writes that failed on their own were rolled back to
			// their savepoints whatever became of the transaction.
			for _, w := range batch {
				if w.err == nil && w.panicked == nil {
					w.err = c.b.CommitError(errors.Unwrap(err))
				}
			}
			return
		}
	}
	for _, w := range batch {
		c.alone(w)
	}
}

// errCommitUnknown wraps a COMMIT error after which the batch may have
// committed.
var errCommitUnknown = errors.New("commit outcome unknown")

type commitUnknown struct{ err error }

func (e commitUnknown) Error() string        { return e.err.Error() }
func (e commitUnknown) Unwrap() error        { return e.err }
func (e commitUnknown) Is(target error) bool { return target == errCommitUnknown }

// alone runs w in a transaction of its own.
func (c *Committer) alone(w *write) {
	w.err, w.panicked = nil, nil
	tx, err := c.b.Begin(w.ctx)
	if err != nil {
		w.err = err
		return
	}
	t := NewCachedTx(tx, c.b.Dialect, c.b.Stmts)
	defer c.b.Stmts.Prepare(context.Background(), t)
	if w.err = w.call(t); w.err != nil || w.panicked != nil {
		_ = tx.Rollback()
		return
	}
	if c.b.BeforeCommit != nil {
		if w.err = c.b.BeforeCommit(w.ctx, tx, t); w.err != nil {
			_ = tx.Rollback()
			return
		}
	}
	if err := tx.Commit(); err != nil {
		w.err = c.b.CommitError(err)
		return
	}
	c.committed(t, 1)
}

// committed tells the outbox's readers of t's commit, when it changed the
// outbox, and the test hook of a commit of n writes' changes.
func (c *Committer) committed(t *Tx, n int) {
	if t.OutboxChanged() {
		c.Outbox.Notify()
	}
	if c.b.Committed != nil && n > 0 {
		c.b.Committed()
	}
	if c.OnCommit != nil {
		c.OnCommit(n)
	}
}

// together runs batch's functions in one transaction, each in a savepoint,
// and commits it. An error means the transaction did not commit (or, when
// it is a commitUnknown, may have): no answer is decided.
func (c *Committer) together(batch []*write) error {
	// The transaction is the batch's, not one request's: a request whose
	// context ends while others run must not roll theirs back. Once every
	// one's has ended, no one waits for the batch, which is abandoned
	// rather than left waiting (on PostgreSQL, for another pcs's lock or a
	// server that stopped answering).
	ctx := context.Background()
	if abandonable(batch) {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		var waiting atomic.Int64
		waiting.Store(int64(len(batch)))
		for _, w := range batch {
			stop := context.AfterFunc(w.ctx, func() {
				if waiting.Add(-1) == 0 {
					cancel()
				}
			})
			defer stop()
		}
	}
	tx, err := c.b.Begin(ctx)
	if err != nil {
		return err
	}
	t := NewCachedTx(tx, c.b.Dialect, c.b.Stmts)
	defer c.b.Stmts.Prepare(ctx, t)
	open := false // the savepoint of the write before is to be released
	for _, w := range batch {
		w.err, w.panicked = nil, nil
		if err := w.ctx.Err(); err != nil {
			w.err = c.b.BeginError(err)
			continue
		}
		stmt := "SAVEPOINT " + savepoint
		if open {
			stmt = "RELEASE " + savepoint + "; " + stmt
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			_ = tx.Rollback()
			return err
		}
		open = true
		if w.err = w.call(t); w.err != nil || w.panicked != nil {
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO "+savepoint); err != nil {
				_ = tx.Rollback()
				return err
			}
		}
		if !c.b.JoinStatements {
			if err := release(ctx, tx); err != nil {
				return err
			}
			open = false
		}
	}
	if open {
		if err := release(ctx, tx); err != nil {
			return err
		}
	}
	if c.b.BeforeCommit != nil {
		if err := c.b.BeforeCommit(ctx, tx, t); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		if c.b.CommitUnknown != nil && c.b.CommitUnknown(err) {
			return commitUnknown{err}
		}
		return err
	}
	n := 0
	for _, w := range batch {
		if w.err == nil && w.panicked == nil {
			n++
		}
	}
	c.committed(t, n)
	return nil
}

// abandonable reports whether every write of batch has a context that can
// end (a request's; not a job's context.Background).
func abandonable(batch []*write) bool {
	for _, w := range batch {
		if w.ctx.Done() == nil {
			return false
		}
	}
	return true
}

// release releases the savepoint of the write that ran last. It fails
// when the transaction has ended (SQLite rolls the whole of it back on
// some errors, and later statements would then run outside it; PostgreSQL
// refuses every statement of a transaction a failed statement aborted
// until a savepoint is rolled back to), and then rolls tx back: the batch
// starts over.
func release(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "RELEASE "+savepoint); err != nil {
		_ = tx.Rollback()
		return err
	}
	return nil
}

// call runs w's function in t, catching a panic for Update to repeat.
func (w *write) call(t *Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			w.panicked = p
		}
	}()
	return w.fn(t)
}

// CommitBatch runs fns as one batch of c would, in one transaction, each
// in its savepoint, and returns each one's answer (a panic as an error
// "panic: ..."); fns[i] runs for a request of context ctxs[i]
// (context.Background past the end of ctxs). For tests; call it while no
// write is running.
func CommitBatch(c *Committer, ctxs []context.Context, fns ...func(store.Tx) error) []error {
	batch := make([]*write, len(fns))
	for i, fn := range fns {
		ctx := context.Background()
		if i < len(ctxs) {
			ctx = ctxs[i]
		}
		batch[i] = newWrite(ctx, fn)
	}
	c.runBatch(batch)
	errs := make([]error, len(batch))
	for i, w := range batch {
		errs[i] = w.err
		if w.panicked != nil {
			errs[i] = fmt.Errorf("panic: %v", w.panicked)
		}
	}
	return errs
}
