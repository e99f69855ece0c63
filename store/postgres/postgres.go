// Package postgres is pcs's store on PostgreSQL, through pgx: the queries
// of package sqlstore in PostgreSQL's dialect, over a pool of connections,
// with the schema migrated at start.
//
// Every write transaction takes one lock, a transaction-scoped advisory
// lock of the schema, before anything else, and runs at READ COMMITTED:
// writers run one at a time, whichever pcs they come from, and each sees
// all that the ones before it committed. That is serializable, and it
// makes the counters (store.Store) take their values in commit order.
// Within one pcs, concurrent Updates share a write transaction, each in a
// savepoint of its own (group commit, sqlstore.Committer): one taking of
// the lock and one COMMIT, its WAL flush, for all of them. Views run at
// REPEATABLE READ, read only: one snapshot, and no waiting for writers.
// The quota budgets (quotas.go) are the exception: written on nearly every
// limited request, each by one statement outside Update, without the lock.
//
// Why a lock rather than SERIALIZABLE and retries: nearly every write
// takes the event outbox's counter, and a scope's opportunity version, so
// under SERIALIZABLE nearly every pair of concurrent writers conflicts on
// a counter row and one of them is rolled back and run again; under load
// that is more work redone than done, and a retry budget running out is a
// request failed. Queuing on the lock does no work twice. Serialization
// failures and deadlocks, which the lock leaves no room for among pcs's
// own transactions, are still retried a few times.
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"pcs/store"
	"pcs/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a PostgreSQL-backed store.Store.
type DB struct {
	db *sql.DB
	// writeLock and migrateLock are the advisory lock keys of the schema
	// pcs uses: two pcs on one schema share them, pcs on two schemas of
	// one database do not.
	writeLock, migrateLock int64
	poolSize               int
	// beforeCommit, when set, runs in every transaction of Updates
	// before it commits (tests).
	beforeCommit func(context.Context, *sql.Tx) error
	// commits runs this process's Updates, group commit: concurrent
	// Updates share a transaction, one taking of the write lock and one
	// COMMIT.
	commits *sqlstore.Committer
	// channel is the schema's notification channel of outbox changes;
	// outbox wakes this process's readers of the outbox, told by
	// listener of every pcs's commits and by Update of this one's
	// (listen.go).
	channel  string
	id       string // in this DB's notifications, for its listener to know its own
	listener *listener
}

var (
	_ store.Store          = (*DB)(nil)
	_ store.OutboxNotifier = (*DB)(nil)
	_ store.AnswerReader   = (*DB)(nil)
	_ store.ListingReader  = (*DB)(nil)
	_ store.Shared         = (*DB)(nil)
	_ store.SettingReader  = (*DB)(nil)
)

// DefaultPoolSize is how many connections a DB opens at most by default.
const DefaultPoolSize = 10

// connectTimeout bounds each connection attempt, so that a server that does
// not answer stops start-up rather than hangs it.
const connectTimeout = 10 * time.Second

// Open connects to the database at url (postgres://user:password@host:port/
// database?sslmode=...; the schema is the first of the connection's
// search_path, which url may set with search_path=) with at most poolSize
// connections (0: DefaultPoolSize), and brings its schema up to date.
func Open(ctx context.Context, url string, poolSize int) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: the database URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	if poolSize <= 0 {
		poolSize = DefaultPoolSize
	}
	sqlDB := stdlib.OpenDB(*cfg)
	sqlDB.SetMaxOpenConns(poolSize)
	sqlDB.SetMaxIdleConns(poolSize)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{db: sqlDB, poolSize: poolSize, id: fmt.Sprintf("%016x", rand.Uint64())}
	if err := db.start(ctx, cfg); err != nil {
		sqlDB.Close()
		return nil, err
	}
	db.commits = db.newCommitter()
	db.listener = listen(cfg.Copy(), db.channel, db.id, &db.commits.Outbox)
	return db, nil
}

func (db *DB) start(ctx context.Context, cfg *pgx.ConnConfig) error {
	where := net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)) + "/" + cfg.Database
	var current sql.NullString
	if err := db.db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&current); err != nil {
		return fmt.Errorf("postgres: cannot use the database %s: %w", where, err)
	}
	if !current.Valid {
		return fmt.Errorf("postgres: the database %s has no schema to keep pcs's tables in: the connection's search_path names none that exists", where)
	}
	db.writeLock, db.migrateLock = lockKey("pcs write "+current.String), lockKey("pcs migrate "+current.String)
	db.channel = channelName(current.String)
	if err := db.migrate(ctx); err != nil {
		return fmt.Errorf("%w (database %s, schema %s)", err, where, current.String)
	}
	return nil
}

// lockKey is the advisory lock key of name.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// migrate applies the embedded migrations the schema has not seen, holding
// the schema's migration lock: of
// several pcs starting at once on one database, one migrates and the
// others wait for it, then find nothing left to do.
func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, db.migrateLock); err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	defer func() {
		// Unlocked on a context of its own: a lock left on a connection
		// that goes back to the pool would keep every other pcs waiting.
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(uctx, `SELECT pg_advisory_unlock($1)`, db.migrateLock); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return sqlstore.Migrate(ctx, conn, dialect, sqlstore.Migrations{FS: migrations, Dir: "migrations",
		Begin: func(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
			return db.beginWrite(ctx, conn.BeginTx)
		}}, 0)
}

// Shared reports that several pcs may use the store at once: they read
// what one of them may change under the others (the pcs clock's offset)
// again before each request.
func (db *DB) Shared() bool { return true }

// Close stops the listener and the committer and closes the pool.
func (db *DB) Close() error {
	if db.listener != nil {
		db.listener.close()
	}
	if db.commits != nil {
		db.commits.Close()
	}
	return db.db.Close()
}

// OutboxChanged is closed once a write that changed the event outbox
// commits, through this DB or any other on the schema
// (store.OutboxNotifier, listen.go).
func (db *DB) OutboxChanged() <-chan struct{} { return db.commits.Outbox.Wait() }

// Update runs fn in a write transaction, holding the write lock, shared
// with the Updates running at the same time (group commit; see the
// package documentation). A transaction PostgreSQL asks to run again, or
// one whose connection was lost before it was committed (see
// connectionLost), runs again, fn from the start.
func (db *DB) Update(ctx context.Context, fn func(store.Tx) error) error {
	return db.retry(ctx, func() error { return db.commits.Update(ctx, fn) })
}

// retry runs try until it succeeds or fails for good: a serialization
// failure or deadlock is tried maxAttempts times, after a backoff; a lost
// connection at once, as many times as the pool has connections and one
// more, since each dead connection the pool held fails one attempt.
func (db *DB) retry(ctx context.Context, try func() error) error {
	serialization, lost := 0, 0
	for {
		err := try()
		switch {
		case err == nil || ctx.Err() != nil:
			return err
		case connectionLost(err) && !errors.Is(err, errCommit):
			if lost++; lost > db.poolSize {
				return err
			}
		case retryable(err):
			if serialization++; serialization == maxAttempts {
				return err
			}
			t := time.NewTimer(backoff(serialization))
			select {
			case <-ctx.Done():
				t.Stop()
				return err
			case <-t.C:
			}
		default:
			return err
		}
	}
}

// errCommit marks an error of COMMIT itself: with the connection lost
// then, the transaction may have committed, and running it again could do
// it twice; the request fails, and a client's retry decides.
var errCommit = errors.New("commit")

// connectionLost reports an error of a connection that PostgreSQL closed
// or that broke (a restart, a terminated backend, a network failure):
// the transaction on it did not commit unless the error is COMMIT's own,
// and another connection may not meet it.
func connectionLost(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// admin_shutdown, crash_shutdown, cannot_connect_now; connection exceptions.
		return pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || strings.HasPrefix(pe.Code, "08")
	}
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) || (errors.As(err, &ne) && !ne.Timeout())
}

// maxAttempts bounds how many times Update runs a transaction that keeps
// failing to serialize.
const maxAttempts = 5

// backoff is how long to wait before attempt+1: doubling from a few
// milliseconds, each wait drawn at random up to its bound so that the
// transactions that collided do not collide again.
func backoff(attempt int) time.Duration {
	limit := 5 * time.Millisecond << attempt
	return limit/2 + rand.N(limit/2)
}

// retryable reports the errors PostgreSQL asks a transaction to be run
// again for: a serialization failure and a deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

var errClosed = errors.New("postgres: the database is closed")

// newCommitter is the committer of db's Updates: each transaction takes
// the write lock first, notifies the schema's listeners when it changed
// the outbox, and fails with errCommit when its COMMIT does.
func (db *DB) newCommitter() *sqlstore.Committer {
	return sqlstore.NewCommitter(sqlstore.Backend{
		Dialect:    dialect,
		Begin:      func(ctx context.Context) (*sql.Tx, error) { return db.beginWrite(ctx, db.db.BeginTx) },
		BeginError: func(err error) error { return fmt.Errorf("postgres: begin: %w", err) },
		BeforeCommit: func(ctx context.Context, tx *sql.Tx, t *sqlstore.Tx) error {
			if t.OutboxChanged() {
				// Delivered to every listener on the schema when, and
				// only if, the transaction commits: one notification a
				// transaction, however many of its writes changed the
				// outbox.
				if _, err := tx.ExecContext(ctx, notifySQL, db.channel, db.id); err != nil {
					return fmt.Errorf("postgres: notify: %w", err)
				}
			}
			if db.beforeCommit != nil {
				return db.beforeCommit(ctx, tx)
			}
			return nil
		},
		CommitError: func(err error) error { return fmt.Errorf("postgres: %w: %w", errCommit, err) },
		// A COMMIT whose connection was lost may have committed: its
		// writes fail rather than run again (retry).
		CommitUnknown:  connectionLost,
		JoinStatements: true,
		Closed:         errClosed,
	})
}

// beginWrite begins a write transaction with begin and takes the write
// lock in it, which the transaction's end releases.
func (db *DB) beginWrite(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error)) (*sql.Tx, error) {
	tx, err := begin(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return nil, fmt.Errorf("postgres: begin: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, db.writeLock); err != nil {
		_ = tx.Rollback()
		return nil, fmt.Errorf("postgres: write lock: %w", err)
	}
	return tx, nil
}

// View runs fn in a read-only transaction on one snapshot; one whose
// connection was lost runs again, as Update's does.
func (db *DB) View(ctx context.Context, fn func(store.Tx) error) error {
	return db.retry(ctx, func() error { return db.view(ctx, fn) })
}

func (db *DB) view(ctx context.Context, fn func(store.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback()
	return fn(sqlstore.NewTx(tx, dialect))
}

// Setting reads the setting key in a statement of its own, outside any
// transaction: one round trip, for what is read before each request (the
// pcs clock's offset); store.ErrNotFound when there is none.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.retry(ctx, func() error {
		return db.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", store.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("postgres: setting %s: %w", key, err)
	}
	return v, nil
}

// OpportunityAnswer implements store.AnswerReader: one statement outside
// a transaction, which PostgreSQL runs on a snapshot of its own.
func (db *DB) OpportunityAnswer(ctx context.Context, scope store.Scope, id string) ([]byte, error) {
	var answer []byte
	err := db.retry(ctx, func() (err error) {
		answer, err = sqlstore.NewReader(db.db, dialect, nil).OpportunityAnswer(ctx, scope, id)
		return err
	})
	return answer, err
}

// ReadListing implements store.ListingReader: one statement outside a
// transaction, whose snapshot covers the page and the scope's version.
func (db *DB) ReadListing(ctx context.Context, scope store.Scope, q store.OpportunityQuery) (store.Listing, error) {
	var l store.Listing
	err := db.retry(ctx, func() (err error) {
		l, err = sqlstore.NewReader(db.db, dialect, nil).ReadListing(ctx, scope, q)
		return err
	})
	return l, err
}

// Size is the bytes the schema's tables take, with their indexes and
// out-of-line values.
func (db *DB) Size(ctx context.Context) (int64, error) {
	var n int64
	err := db.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::BIGINT
		FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
		WHERE s.nspname = current_schema() AND c.relkind = 'r'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: size: %w", err)
	}
	return n, nil
}

// dialect is PostgreSQL's SQL, as package sqlstore's queries use it.
var dialect = &sqlstore.Dialect{
	Name:              "postgres",
	NumberedParams:    true,
	Greatest:          "greatest",
	Position:          "strpos",
	BytesContain:      func(col string) string { return "position(?::bytea IN " + col + ") > 0" },
	Number:            func(expr string) string { return "CAST(" + expr + " AS NUMERIC)" },
	IsUniqueViolation: isUniqueViolation,
	UpdateInWith:      true,
	// An identity's sequence, set to the id unless it stands higher
	// already (a sequence never used has no last value).
	RaiseIdentity: func(table, col string) string {
		return `SELECT setval(s, greatest(?, COALESCE(pg_sequence_last_value(s), 0)))
			FROM (SELECT pg_get_serial_sequence('` + table + `', '` + col + `')::regclass AS s) AS g`
	},
}

// isUniqueViolation reports a primary key or unique constraint failure.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
