package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// Checkpoints. A commit appends pages to the WAL; a checkpoint copies them
// into the database file and fsyncs it. Left to SQLite, the writer runs one
// after every commit that takes the WAL past 1,000 pages: at a thousand
// updates a second that was one checkpoint every few commits, each with an
// fsync of the database file (about 13 ms here) during which no write
// could commit, and the copying besides. A checkpointer copies them instead,
// on a connection of its own, beside the writer (SQLite lets a checkpoint
// run while a writer commits): at most once a second while writes commit,
// and once more after the last.
//
// The writer still checkpoints, rarely (walPages): SQLite starts the WAL
// over from its beginning only when a write begins with every page in it
// copied, which under unbroken writes a checkpoint beside them never
// leaves, so without it the WAL would grow as long as writes go on. Its
// checkpoint then copies only what the checkpointer has not, and the WAL
// file is cut back to walKeepBytes when it starts over.

const (
	// checkpointEvery is how often, at most, the checkpointer runs.
	checkpointEvery = time.Second
	// walPages is the size, in pages, past which the writer checkpoints
	// after a commit (SQLite's wal_autocheckpoint): 400 MB of 4 KB pages,
	// about four seconds of updates at the fastest this store takes them.
	walPages = 100_000
	// walKeepBytes is how much of its file a WAL that starts over keeps
	// (SQLite's journal_size_limit).
	walKeepBytes = 64 << 20
)

// writerCheckpoints are the writer's pragmas for the above.
var writerCheckpoints = []string{fmt.Sprintf("wal_autocheckpoint(%d)", walPages), fmt.Sprintf("journal_size_limit(%d)", walKeepBytes)}

// checkpointer runs PASSIVE checkpoints of one database file on a
// connection of its own, when told of commits (by the committer).
type checkpointer struct {
	db      *sql.DB
	commits chan struct{} // one waiting signal: commits since the last checkpoint began
	quit    chan struct{}
	stop    sync.Once
	done    chan struct{}
	every   time.Duration
	ran     func(walPages, copied int, err error) // nil, or told of each checkpoint (tests)
}

// newCheckpointer opens a connection to the database at path and starts
// its checkpoints, at most one every every; ran, when not nil, is told of
// each. synchronous is FULL, as the writer's: a checkpoint fsyncs the WAL
// before it copies from it and the database file after.
func newCheckpointer(path string, every time.Duration, ran func(walPages, copied int, err error)) (*checkpointer, error) {
	db, err := sql.Open("sqlite", dsn(path, []string{"synchronous(FULL)", "busy_timeout(10000)"}, "deferred"))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, commits: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{}), every: every, ran: ran}
	go c.loop()
	return c, nil
}

// committed tells the checkpointer of a commit; it never waits.
func (c *checkpointer) committed() {
	select {
	case c.commits <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer close(c.done)
	for {
		select {
		case <-c.quit:
			return
		case <-c.commits:
		}
		pages, copied, err := c.checkpoint()
		if c.ran != nil {
			c.ran(pages, copied, err)
		}
		select {
		case <-c.quit:
			return
		case <-time.After(c.every):
		}
	}
}

// checkpoint copies what it can of the WAL into the database file without
// waiting for the writer or the readers (PASSIVE), and returns the pages
// the WAL holds and how many of them are copied. Its error is not the
// writes' concern: they go on to the WAL, and a database that cannot be
// written fails them on its own.
func (c *checkpointer) checkpoint() (walPages, copied int, err error) {
	var busy int
	err = c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &walPages, &copied)
	return walPages, copied, err
}

// close stops the checkpoints, waiting for one under way, and closes the
// connection.
func (c *checkpointer) close() error {
	c.stop.Do(func() { close(c.quit) })
	<-c.done
	return c.db.Close()
}
