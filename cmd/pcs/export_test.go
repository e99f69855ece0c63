package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pcsAt runs a pcs client command against url and returns its output.
func pcsAt(url string) func(args ...string) (string, error) {
	return func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{args[0], "-endpoint", url}, args[1:]...), &out, io.Discard, env(nil))
		return out.String(), err
	}
}

func TestExportImportCommands(t *testing.T) {
	from, stop := startServe(t, "-in-memory", "-seed", "../../fixtures/walkthrough.json")
	defer stop()
	file := filepath.Join(t.TempDir(), "copy.jsonl")
	if _, err := pcsAt(from)("export", "-o", file); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil || !bytes.HasPrefix(b, []byte(`{"format":"pcs-export","version":1,`)) {
		t.Fatalf("pcs export -o wrote %.100s (%v)", b, err)
	}
	one, err := pcsAt(from)("export", "-account", "111111111111", "-catalog", "AWS")
	if err != nil || !strings.Contains(one, `"account":"111111111111","catalog":"AWS"}`) || !strings.Contains(one, `"id":"S-7000001"`) {
		t.Errorf("pcs export -account -catalog: %v\n%.300s", err, one)
	}

	to, stop2 := startServe(t, "-in-memory")
	defer stop2()
	out, err := pcsAt(to)("import", file)
	if err != nil || !strings.Contains(out, `"opportunity": 4`) || !strings.Contains(out, `"Now"`) {
		t.Errorf("pcs import: %v\n%s", err, out)
	}
	if status, body := call(t, to, "GetOpportunity", `{"Catalog":"AWS","Identifier":"O5000001"}`); status != http.StatusOK {
		t.Errorf("the imported opportunity: %d %s", status, body)
	}
	if _, err := pcsAt(to)("import", file); err == nil || !strings.Contains(err.Error(), "import into an empty store") {
		t.Errorf("pcs import into a store that is not empty: %v", err)
	}
	if out, err := pcsAt(to)("import", "-replace", file); err != nil || !strings.Contains(out, `"Deleted"`) {
		t.Errorf("pcs import -replace: %v\n%s", err, out)
	}

	// A copy cut short is refused, and -o keeps nothing of it.
	cut := filepath.Join(t.TempDir(), "cut.jsonl")
	if err := os.WriteFile(cut, b[:bytes.IndexByte(b, '\n')+1], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := pcsAt(to)("import", "-replace", cut); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("pcs import of a file cut short: %v", err)
	}
	if _, err := copyExport(io.Discard, bytes.NewReader(b[:len(b)-10])); err == nil {
		t.Error("copyExport took an export without its end line")
	}
	if _, err := pcsAt(to)("import"); err != errUsage {
		t.Error("pcs import without a file")
	}
}

func TestSeedCommand(t *testing.T) {
	url, stop := startServe(t, "-in-memory")
	defer stop()
	out, err := pcsAt(url)("seed", "../../fixtures/walkthrough.json")
	if err != nil || !strings.Contains(out, `"Id": "O5000001"`) || !strings.Contains(out, `"Kind": "referral"`) {
		t.Errorf("pcs seed: %v\n%s", err, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"accounts": {"111111111111": {"solutions": [{"Catalog": "AWS", "Name": "n", "Category": "Software Product"}],
		"opportunities": [{"Catalog": "AWS", "Origin": "Partner Referral", "submit": {"InvolvementType": "Co-Sell"}}]}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = pcsAt(url)("seed", bad)
	if err == nil || !strings.Contains(err.Error(), "fixture entry accounts.111111111111.opportunities[0].submit: SubmitOpportunity: ValidationException") ||
		!strings.Contains(err.Error(), "the 1 entries before it were loaded") {
		t.Errorf("pcs seed of a bad fixture: %v", err)
	}
}

// TestServeSeed: -seed loads the fixture into an empty store at start,
// leaves a store that holds records as it is, and refuses to start with a
// fixture the service refuses, leaving the store empty.
func TestServeSeed(t *testing.T) {
	dir := t.TempDir()
	url, stop := startServe(t, "-data-dir", dir, "-seed", "../../fixtures/walkthrough.json")
	if status, body := call(t, url, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"O5000002"}`); status != http.StatusOK ||
		!strings.Contains(body, "CRM-0002") {
		t.Fatalf("the seeded opportunity: %d %s", status, body)
	}
	stop()
	url, stop = startServe(t, "-data-dir", dir, "-seed", "../../fixtures/walkthrough.json")
	if status, body := call(t, url, "GetOpportunity", `{"Catalog":"AWS","Identifier":"O5000003"}`); !strings.Contains(body, "ResourceNotFoundException") {
		t.Errorf("a restart loaded the fixture again: %d %s", status, body)
	}
	stop()

	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"accounts": {"111111111111": {"opportunities": [
		{"Catalog": "Sandbox", "ClientToken": "a"}, {"Catalog": "AWS", "submit": {"InvolvementType": "Co-Sell"}}]}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	err := run(context.Background(), []string{"serve", "-addr", "127.0.0.1:0", "-data-dir", empty, "-seed", bad}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "opportunities[1].submit: SubmitOpportunity") || !strings.Contains(err.Error(), "nothing of it was kept") {
		t.Fatalf("serve -seed of a bad fixture: %v", err)
	}
	url, stop = startServe(t, "-data-dir", empty)
	defer stop()
	if status, body := call(t, url, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"O5000001"}`); !strings.Contains(body, "ResourceNotFoundException") {
		t.Errorf("the failed seed kept its first opportunity: %d %s", status, body)
	}

	for _, tt := range []struct{ file, want string }{
		{filepath.Join(dir, "absent.json"), "-seed: open"},
		{"../../README.md", "-seed ../../README.md: the fixture is not JSON"},
	} {
		if _, err := parseServeFlags([]string{"-seed", tt.file}, io.Discard, env(nil)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("-seed %s: %v, want %q", tt.file, err, tt.want)
		}
	}
}
