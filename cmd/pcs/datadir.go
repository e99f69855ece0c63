package main

// The data directory: the database, and the lock that keeps a second pcs
// off it.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"pcs/store"
	"pcs/store/sqlite"
)

// lockFileName is the file in the data directory a serving pcs holds the
// lock on, and writes its process id in for the refusal of the next one.
const lockFileName = "pcs.lock"

// errLocked is lockFile's answer when another open file holds the lock.
var errLocked = errors.New("locked")

// openStore opens the state of cfg: in PostgreSQL, in memory, or in the
// data directory, which it first locks: two pcs on one directory would both
// run the AWS side's jobs and deliver every event. The returned release unlocks it;
// call it after closing the store.
func openStore(ctx context.Context, cfg *serveConfig) (db store.Store, where string, release func(), err error) {
	if cfg.database != "" {
		db, where, err := openDatabase(ctx, cfg)
		return db, where, func() {}, err
	}
	if cfg.inMemory {
		db, err := sqlite.OpenMemory(ctx)
		return db, "in memory", func() {}, err
	}
	if err := os.MkdirAll(cfg.dataDir, 0o750); err != nil {
		return nil, "", nil, fmt.Errorf("data directory: %w", err)
	}
	release, err = lockDataDir(cfg.dataDir)
	if err != nil {
		return nil, "", nil, err
	}
	path := filepath.Join(cfg.dataDir, "pcs.db")
	if db, err = sqlite.Open(ctx, path); err != nil {
		release()
		return nil, "", nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, path, release, nil
}

// lockDataDir takes the data directory's lock for as long as the returned
// release is not called. The lock is the kernel's (flock(2)), on an open
// file: it ends with the process however that ends, so a killed pcs leaves
// no stale lock behind, whatever the lock file still says.
func lockDataDir(dir string) (release func(), err error) {
	path := filepath.Join(dir, lockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if errors.Is(err, fs.ErrPermission) {
		return nil, fmt.Errorf("the data directory %s cannot be written (%w): pcs needs write access to it, "+
			"for its lock file, the database and the database's -wal and -shm files", dir, err)
	}
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := lockFile(f); err != nil {
		holder, _ := io.ReadAll(io.LimitReader(f, 32))
		f.Close()
		if !errors.Is(err, errLocked) {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if pid, perr := strconv.Atoi(strings.TrimSpace(string(holder))); perr == nil {
			return nil, fmt.Errorf("another pcs (pid %d) is using %s; stop it or use another -data-dir", pid, dir)
		}
		return nil, fmt.Errorf("another pcs is using %s; stop it or use another -data-dir", dir)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() { f.Close() }, nil
}
