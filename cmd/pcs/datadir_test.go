package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOneServePerDataDir: a second pcs on a data directory in use is
// refused, naming the first's pid, and starts once the first has stopped.
func TestOneServePerDataDir(t *testing.T) {
	dir := t.TempDir()
	_, stop := startServe(t, "-data-dir", dir)
	// Were it not refused, it would serve until the context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-data-dir", dir}, io.Discard, io.Discard, env(nil))
	want := fmt.Sprintf("another pcs (pid %d) is using %s; stop it or use another -data-dir", os.Getpid(), dir)
	if err == nil || err.Error() != want {
		t.Errorf("second serve on %s: %v, want %q", dir, err, want)
	}
	// Another directory, and memory, are not locked by it.
	_, stopOther := startServe(t, "-data-dir", filepath.Join(dir, "other"))
	stopOther()
	_, stopMemory := startServe(t, "-in-memory")
	stopMemory()

	stop()
	_, stop = startServe(t, "-data-dir", dir)
	stop()
}

func TestLockDataDirWithoutAPid(t *testing.T) {
	dir := t.TempDir()
	release, err := lockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if err := os.WriteFile(filepath.Join(dir, lockFileName), nil, 0o640); err != nil {
		t.Fatal(err)
	}
	_, err = lockDataDir(dir)
	if err == nil || !strings.HasPrefix(err.Error(), "another pcs is using "+dir) {
		t.Errorf("lock of a locked directory whose lock file names no pid: %v", err)
	}
}
