package sqlite

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"pcs/store"
)

// A database that cannot be written (a read-only file or directory, a full
// or failing disk) is found when it opens, by a write of its own that
// commits, and afterwards by the writes it refuses: Writable reports the
// last one, and clears once a write of its own commits again.

// seqWriteProbe is the sequence the probe writes.
const seqWriteProbe = "store/write-probe"

// probeInterval is how often, at most, Writable tries a write of its own
// while the database refuses them; probeTimeout how long it waits for one.
const (
	probeInterval = time.Second
	probeTimeout  = 2 * time.Second
)

// writeState is what the writes so far say of the database.
type writeState struct {
	mu      sync.Mutex
	err     error     // the last write refused for the database's sake; nil when fine
	probed  time.Time // when Writable last tried a write while err was set
	probing sync.Mutex
}

// note records the outcome of a write transaction: a refusal that is the
// database's, not the transaction's (a constraint, a cancelled context).
// Only a probe clears it: a transaction that commits may have written
// nothing.
func (s *writeState) note(err error) {
	if err != nil && storageFailure(err) {
		s.mu.Lock()
		s.err = err
		s.mu.Unlock()
	}
}

// storageFailure reports an error that says the database cannot be
// written: read-only, not openable, full, failing, damaged.
func storageFailure(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff { // the primary result code
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR,
		sqlite3.SQLITE_FULL, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// probe commits a write to the database.
func (db *DB) probe(ctx context.Context) error {
	return db.Update(ctx, func(tx store.Tx) error {
		_, err := tx.NextSequence(ctx, seqWriteProbe)
		return err
	})
}

// Writable reports whether the database takes writes: nil, or the last
// write it refused. While it refuses them, Writable tries one of its own
// at most once a second, so the answer clears when the database can be
// written again (space freed, permissions restored). It costs nothing
// while writes succeed.
func (db *DB) Writable(ctx context.Context) error {
	s := &db.writes
	s.mu.Lock()
	err, due := s.err, time.Since(s.probed) >= probeInterval
	s.mu.Unlock()
	if err == nil || !due || !s.probing.TryLock() {
		return err
	}
	defer s.probing.Unlock()
	pctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	perr := db.probe(pctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.probed = time.Now()
	switch {
	case perr == nil:
		s.err = nil
	case storageFailure(perr):
		s.err = perr
	}
	return s.err
}

// unwritable explains a database that opened but cannot be written.
func unwritable(err error) error {
	return fmt.Errorf("the database cannot be written (%w): pcs needs write access to the file, "+
		"to its -wal and -shm files beside it, and to their directory", err)
}
