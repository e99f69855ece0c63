// Package sqlite is pcs's embedded store: SQLite through a pure-Go driver
// (no cgo, so pcs stays one static binary), in WAL mode with synchronous
// FULL so that a write is on disk before it is acknowledged.
//
// Writes go through one connection, one transaction at a time (SQLite
// allows one writer): Updates are serializable and their counters take
// values in commit order. Concurrent Updates share a transaction and its
// fsync, each in a savepoint of its own (commit.go), and a checkpointer
// copies the WAL into the database file beside them (checkpoint.go). Reads
// use a pool of their own and see WAL snapshots, so a listing never waits
// for a writer. The queries are package sqlstore's, in SQLite's dialect.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"pcs/store"
	"pcs/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a SQLite-backed store.Store.
type DB struct {
	writer  *sql.DB
	reader  *sql.DB              // == writer for in-memory databases
	reads   *sqlstore.Statements // the reader's prepared statements
	answers *answers             // nil for in-memory databases
	commits *sqlstore.Committer
	writes  writeState
	ckpt    *checkpointer // nil for in-memory databases
}

var (
	_ store.Store          = (*DB)(nil)
	_ store.OutboxNotifier = (*DB)(nil)
	_ store.AnswerReader   = (*DB)(nil)
	_ store.ListingReader  = (*DB)(nil)
)

// Open opens (creating if needed) the database file at path, brings its
// schema up to date and makes sure it takes writes: a database SQLite can
// only read (a read-only file or directory) is refused here, not at the
// first write.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, 0)
}

// open opens the database at path with its schema brought up to version
// schema (0: the latest).
func open(ctx context.Context, path string, schema int) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, err
	}
	pragmas := []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)", "foreign_keys(1)"}
	w, err := sql.Open("sqlite", dsn(path, append(pragmas, writerCheckpoints...), "immediate"))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn(path, append(pragmas, "query_only(1)", readerMmap), "deferred"))
	if err != nil {
		w.Close()
		return nil, err
	}
	// Each connection keeps its prepared statements, and the pool keeps
	// every connection it opens until it closes (as many idle as open, no
	// lifetime): answers' statements, which the pool does not know of, are
	// closed before their connections are.
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := &DB{writer: w, reader: r, reads: sqlstore.NewStatements(r), answers: newAnswers(r)}
	db.commits = newCommitter(w, sqlstore.NewStatements(w), db.committed)
	err = db.migrate(ctx, schema)
	if err == nil {
		db.ckpt, err = newCheckpointer(path, checkpointEvery, nil)
	}
	if err == nil {
		err = db.probe(ctx)
	}
	if err != nil {
		db.Close()
		if storageFailure(err) {
			return nil, unwritable(err)
		}
		return nil, err
	}
	return db, nil
}

var memoryDBs atomic.Int64

// readerMmap has the readers read the database file through a mapping of
// it (up to SQLite's largest, 2 GiB; the rest, and the WAL, by read(2)):
// a page in the OS cache is then had without a system call and a copy,
// which were a third of a GetOpportunity's store time. SQLite maps the
// file read-only and still writes with write(2); the writer is left
// without the mapping, its reads being few beside its fsyncs.
const readerMmap = "mmap_size(2147418112)"

// OpenMemory opens a fresh database that lives in memory until Close. It
// uses a single connection for reads and writes.
func OpenMemory(ctx context.Context) (*DB, error) {
	name := fmt.Sprintf("/pcs-memory-%d-%d", os.Getpid(), memoryDBs.Add(1))
	w, err := sql.Open("sqlite", "file:"+name+"?vfs=memdb&_txlock=immediate&_pragma=foreign_keys(1)")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	w.SetMaxIdleConns(1)
	stmts := sqlstore.NewStatements(w)
	db := &DB{writer: w, reader: w, reads: stmts, commits: newCommitter(w, stmts, nil)}
	if err := db.migrate(ctx, 0); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func dsn(path string, pragmas []string, txlock string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	return "file:" + path + "?" + q.Encode()
}

// Close closes the database.
func (db *DB) Close() error {
	db.commits.Close()
	err := errors.Join(db.commits.Stmts().Close(), db.reads.Close())
	if db.ckpt != nil {
		err = errors.Join(err, db.ckpt.close())
	}
	if db.answers != nil {
		err = errors.Join(err, db.answers.close())
	}
	err = errors.Join(err, db.writer.Close())
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// Update runs fn in a write transaction.
func (db *DB) Update(ctx context.Context, fn func(store.Tx) error) error {
	err := db.commits.Update(ctx, fn)
	db.writes.note(err)
	return err
}

// committed is told of each commit by the committer's goroutine. ckpt is
// set before the first Update (the probe) hands the committer a write, so
// the committer reads it after it is set.
func (db *DB) committed() {
	if db.ckpt != nil {
		db.ckpt.committed()
	}
}

// OutboxChanged is closed once a write that changed the event outbox
// commits (store.OutboxNotifier).
func (db *DB) OutboxChanged() <-chan struct{} { return db.commits.Outbox.Wait() }

// View runs fn in a read transaction.
func (db *DB) View(ctx context.Context, fn func(store.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	t := sqlstore.NewCachedTx(tx, dialect, db.reads)
	err = fn(t)
	rerr := tx.Rollback()
	db.reads.Prepare(ctx, t)
	if err != nil {
		return err
	}
	return rerr
}

// OpportunityAnswer implements store.AnswerReader: one prepared statement
// on a reader connection, in SQLite's snapshot of a statement outside a
// transaction (for a database file, on the driver's connection: answers). It reads one row by its key, which takes microseconds and
// never waits on a writer (WAL), so it is not made cancellable: with a
// context that can be cancelled, database/sql and the driver each start a
// goroutine per query to watch it.
func (db *DB) OpportunityAnswer(ctx context.Context, scope store.Scope, id string) ([]byte, error) {
	ctx = context.WithoutCancel(ctx)
	if db.answers != nil {
		return db.answers.read(ctx, scope, id)
	}
	t := sqlstore.NewReader(db.reader, dialect, db.reads)
	b, err := t.OpportunityAnswer(ctx, scope, id)
	db.reads.Prepare(ctx, t)
	return b, err
}

// ReadListing implements store.ListingReader: the listing's one prepared
// statement on a reader connection, outside a transaction. Unlike a read
// of one row, a listing whose filters match little may walk much of an
// index, so its context still cancels it.
func (db *DB) ReadListing(ctx context.Context, scope store.Scope, q store.OpportunityQuery) (store.Listing, error) {
	t := sqlstore.NewReader(db.reader, dialect, db.reads)
	l, err := t.ReadListing(ctx, scope, q)
	db.reads.Prepare(ctx, t)
	return l, err
}

// migrate applies the embedded migrations the database has not seen, up to
// version upTo (0: all of them).
func (db *DB) migrate(ctx context.Context, upTo int) error {
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer conn.Close()
	return sqlstore.Migrate(ctx, conn, dialect, sqlstore.Migrations{FS: migrations, Dir: "migrations",
		Begin: func(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) { return conn.BeginTx(ctx, nil) }}, upTo)
}

// dialect is SQLite's SQL, as package sqlstore's queries use it.
var dialect = &sqlstore.Dialect{
	Name:              "sqlite",
	Greatest:          "max",
	IndexedBy:         func(index string) string { return " INDEXED BY " + index },
	Position:          "instr",
	BytesContain:      func(col string) string { return "instr(" + col + ", ?) > 0" },
	Number:            func(expr string) string { return "CAST(" + expr + " AS INTEGER)" },
	IsUniqueViolation: isUniqueViolation,
}

// isUniqueViolation reports a primary key or unique constraint failure.
func isUniqueViolation(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		c := e.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || c == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	}
	return false
}
