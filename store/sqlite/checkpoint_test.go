package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"pcs/store"
)

// checkpoint is one checkpoint the checkpointer ran.
type checkpoint struct {
	walPages, copied int
	err              error
}

// openCheckpointed opens a database whose checkpointer runs at most every
// every and sends each checkpoint it runs to the channel returned.
func openCheckpointed(t *testing.T, every time.Duration) (*DB, <-chan checkpoint) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pcs.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.ckpt.close(); err != nil {
		t.Fatal(err)
	}
	ran := make(chan checkpoint, 100)
	db.ckpt, err = newCheckpointer(path, every, func(walPages, copied int, err error) {
		ran <- checkpoint{walPages, copied, err}
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, ran
}

func putSetting(t *testing.T, db *DB, i int) {
	t.Helper()
	err := db.Update(context.Background(), func(tx store.Tx) error {
		return tx.PutSetting(context.Background(), "k", strconv.Itoa(i))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCheckpointerCopiesCommits: a commit is followed by a checkpoint, on
// the checkpointer's connection, that copies every page of the WAL into
// the database file; the writer is left to checkpoint only a WAL grown
// past walPages.
func TestCheckpointerCopiesCommits(t *testing.T) {
	db, ran := openCheckpointed(t, time.Hour)
	putSetting(t, db, 1)
	select {
	case c := <-ran:
		if c.err != nil || c.walPages == 0 || c.copied != c.walPages {
			t.Fatalf("checkpoint after a commit: %d of %d WAL pages copied, err %v; want all of them", c.copied, c.walPages, c.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no checkpoint 10s after a commit")
	}
	got, err := QueryForTest(db, "PRAGMA wal_autocheckpoint")
	if err != nil {
		t.Fatal(err)
	}
	if want := strconv.Itoa(walPages); len(got) != 1 || got[0] != want {
		t.Errorf("writer's wal_autocheckpoint = %v, want %s", got, want)
	}
}

// TestCheckpointerRunsAtMostEveryInterval: commits that come faster than
// the interval share a checkpoint, and the last of them is copied too.
func TestCheckpointerRunsAtMostEveryInterval(t *testing.T) {
	const every = 100 * time.Millisecond
	db, ran := openCheckpointed(t, every)
	start := time.Now()
	commits := 0
	for time.Since(start) < 5*every {
		commits++
		putSetting(t, db, commits)
		time.Sleep(every / 20)
	}
	elapsed := time.Since(start)
	// The last commit's checkpoint comes at most one interval later.
	var last checkpoint
	checkpoints := 0
	for quiet := false; !quiet; {
		select {
		case last = <-ran:
			checkpoints++
		case <-time.After(3 * every):
			quiet = true
		}
	}
	if most := int(elapsed/every) + 2; checkpoints > most || checkpoints >= commits {
		t.Errorf("%d checkpoints for %d commits in %v; want at most %d, one per %v", checkpoints, commits, elapsed, most, every)
	}
	if last.err != nil || last.walPages == 0 || last.copied != last.walPages {
		t.Errorf("last checkpoint: %d of %d WAL pages copied, err %v; want all of them", last.copied, last.walPages, last.err)
	}
}

// TestWALStartsOverAfterACheckpoint: once the checkpointer has copied the
// whole WAL, the next write starts it over from its beginning, so writes
// that pause now and then keep the WAL small without the writer's own
// checkpoint.
func TestWALStartsOverAfterACheckpoint(t *testing.T) {
	db, ran := openCheckpointed(t, 10*time.Millisecond)
	for i := range 50 {
		putSetting(t, db, i)
	}
	// The last checkpoint after them, once they are all copied.
	var before checkpoint
	for quiet := false; !quiet; {
		select {
		case before = <-ran:
		case <-time.After(time.Second):
			quiet = true
		}
	}
	if before.err != nil || before.walPages == 0 || before.copied != before.walPages {
		t.Fatalf("the last checkpoint after 50 writes: %d of %d pages copied, err %v; want all of them", before.copied, before.walPages, before.err)
	}
	putSetting(t, db, 50)
	for {
		select {
		case c := <-ran:
			if c.err != nil {
				t.Fatal(c.err)
			}
			if c.walPages >= before.walPages {
				t.Fatalf("after one more write the WAL holds %d pages, %d before it: it went on, not over", c.walPages, before.walPages)
			}
			return
		case <-time.After(10 * time.Second):
			t.Fatal("no checkpoint after the last write")
		}
	}
}

// TestCheckpointerWaitsForACommit: a write that fails, and so commits
// nothing, starts no checkpoint; the next that commits does.
func TestCheckpointerWaitsForACommit(t *testing.T) {
	db, ran := openCheckpointed(t, time.Hour)
	failed := errors.New("refused")
	if err := db.Update(context.Background(), func(tx store.Tx) error { return failed }); !errors.Is(err, failed) {
		t.Fatalf("a failing write: %v", err)
	}
	select {
	case c := <-ran:
		t.Fatalf("a checkpoint after a write that committed nothing: %+v", c)
	case <-time.After(300 * time.Millisecond):
	}
	putSetting(t, db, 1)
	select {
	case <-ran:
	case <-time.After(10 * time.Second):
		t.Fatal("no checkpoint 10s after a commit")
	}
}
