//go:build unix

package main

// pcs serve over a store it cannot write; file permissions are Unix's.

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"pcs/store/sqlite"
)

// TestUnwritableStoreRefusesToStart: pcs serve over a database it can only
// read (SQLite opens a read-only file read-only, and cannot make its -wal
// in a read-only directory) stops at start-up, saying why, instead of
// answering InternalServerException to every write.
func TestUnwritableStoreRefusesToStart(t *testing.T) {
	bin, cred := unprivilegedSelf(t)
	tests := []struct {
		name string
		lock func(dir string) error
		want []string // in what pcs says
	}{
		{"read-only file", func(dir string) error { return os.Chmod(filepath.Join(dir, "pcs.db"), 0o444) },
			[]string{"the database cannot be written", "readonly database", "write access"}},
		// The lock file is the first thing pcs writes in its directory.
		{"read-only directory", func(dir string) error { return os.Chmod(dir, 0o555) },
			[]string{"the data directory ", "cannot be written", "pcs.lock", "write access"}},
		{"read-only file and directory", func(dir string) error {
			if err := os.Chmod(filepath.Join(dir, "pcs.db"), 0o444); err != nil {
				return err
			}
			return os.Chmod(dir, 0o555)
		}, []string{"the data directory ", "cannot be written", "pcs.lock", "write access"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if cred != nil {
				traversable(t, filepath.Dir(dir))
			}
			db, err := sqlite.Open(context.Background(), filepath.Join(dir, "pcs.db"))
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			if cred != nil {
				if err := chownTree(dir, int(cred.Uid), int(cred.Gid)); err != nil {
					t.Fatal(err)
				}
			}
			if err := tt.lock(dir); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(dir, 0o755) }) // for the TempDir's removal

			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "serve", "-addr", "127.0.0.1:0", "-data-dir", dir)
			cmd.Env = append(os.Environ(), childEnv+"=1")
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
			out, err := cmd.CombinedOutput()
			if err == nil || ctx.Err() != nil {
				t.Fatalf("pcs serve over a read-only store: %v (it should refuse to start)\n%s", err, out)
			}
			for _, want := range tt.want {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// unprivilegedSelf returns this test binary and the credential to run it
// with so that file permissions bind it: as root, which they do not bind,
// a copy nobody (uid 65534) can run, and that user's credential.
func unprivilegedSelf(t *testing.T) (string, *syscall.Credential) {
	t.Helper()
	if os.Getuid() != 0 {
		return os.Args[0], nil
	}
	dir := t.TempDir()
	traversable(t, dir)
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "pcs")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, &syscall.Credential{Uid: 65534, Gid: 65534}
}

// traversable lets every user reach dir: the test's temporary directories
// are the test's user's alone.
func traversable(t *testing.T, dir string) {
	t.Helper()
	for d := dir; strings.HasPrefix(d, os.TempDir()+string(filepath.Separator)); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func chownTree(dir string, uid, gid int) error {
	return filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chown(path, uid, gid)
	})
}
