package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestResetCommand(t *testing.T) {
	url, stop := startServe(t, "-in-memory")
	defer stop()
	pcs := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append(append([]string{}, args...), "-endpoint", url), &out, io.Discard, env(nil))
		return out.String(), err
	}
	if status, body := call(t, url, "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"r"}`); status != http.StatusOK {
		t.Fatalf("create: %d %s", status, body)
	}
	out, err := pcs("reset", "-account", "111111111111", "-catalog", "Sandbox")
	if err != nil || !strings.Contains(out, `"Opportunities": 1`) || !strings.Contains(out, `"Catalog": "Sandbox"`) {
		t.Errorf("pcs reset -account: %v\n%s", err, out)
	}
	if _, err := pcs("reset", "-account", "111111111111", "-clock"); err == nil || !strings.Contains(err.Error(), "one for every account") {
		t.Errorf("pcs reset -account -clock: %v", err)
	}
	if err := run(context.Background(), []string{"sim", "clock", "-endpoint", url, "advance", "1h"}, io.Discard, io.Discard, env(nil)); err != nil {
		t.Fatal(err)
	}
	out, err = pcs("reset", "-clock")
	if err != nil || !strings.Contains(out, `"AheadOfWallClock": "0s"`) {
		t.Errorf("pcs reset -clock: %v\n%s", err, out)
	}
}

// TestAddrFile: with -addr-file, pcs writes the URL it listens on before
// it says so on stdout, and removes the file when it stops.
func TestAddrFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pcs.addr")
	url, stop := startServe(t, "-in-memory", "-addr-file", path)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != url+"\n" || !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*\n$`).MatchString(got) {
		t.Errorf("-addr-file holds %q; pcs said it listens on %s", got, url)
	}
	if r, err := http.Get(strings.TrimSpace(string(b)) + "/_pcs/health"); err != nil || r.StatusCode != http.StatusOK {
		t.Errorf("health at the file's URL: %v %v", r, err)
	}
	stop()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("after pcs stopped the address file is still there (%v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".pcs-addr-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestAddrFileNotWritable(t *testing.T) {
	err := run(context.Background(), []string{"serve", "-in-memory", "-addr", "127.0.0.1:0",
		"-addr-file", filepath.Join(t.TempDir(), "missing", "pcs.addr")}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "-addr-file") {
		t.Errorf("serve with an address file it cannot write: %v", err)
	}
}
