package opindex

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pcs/api"
)

var update = flag.Bool("update", false, "rewrite "+IndexFile+" from the code")

// repoRoot is the directory holding go.mod, above the test's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// TestOperationIndex keeps docs/operations.md what the code says it is.
func TestOperationIndex(t *testing.T) {
	root := repoRoot(t)
	rows, err := Build(root, slices.Sorted(maps.Keys(api.Operations)))
	if err != nil {
		t.Fatal(err)
	}
	want := Markdown(rows)
	file := filepath.Join(root, IndexFile)
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v; create it with: %s", err, RegenerateCommand)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		i := 0
		for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
			i++
		}
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		t.Fatalf("%s is stale (line %d differs):\n  has:  %s\n  code: %s\nregenerate it with: %s", IndexFile, i+1, g, w, RegenerateCommand)
	}
}

// writeRepo makes a repository of the given files under a temporary root.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// repo is a small repository with two operations, DoThing and ListThings.
var repo = map[string]string{
	"selling/thing.go": `package selling

type Service struct{}

// DoThing does the thing. It does it well.
func (s *Service) DoThing() error { return nil }

// helper is not an operation.
func helper() {}
`,
	"selling/moved/elsewhere.go": "package moved\n\nfunc (s *Service) ListThings() {}\n",
	"selling/things_list.go": `package selling

// ListThings lists
// the things.
func (s Service) ListThings() {}
`,
	"selling/thing_test.go": "package selling\n\n// DoThing in a test file is not the method.\nfunc (s *Service) Other() {}\n",
	"docs/business-rules.md": "# Rules\n\n## Things (and `more`)\n\nOperations: DoThing, ListThings.\n\n" +
		"```\nOperations: NotInACodeBlock\n```\n\n## Listing\n\nOperations: `ListThings`\n\n## Things (and `more`)\n\nOperations: DoThing\n",
	"selling/thing_calls_test.go": `package selling

import "testing"

func TestDirect(t *testing.T)  { new(Service).DoThing() }
func TestTarget(t *testing.T)  { call("AWSPartnerCentralSelling.ListThings") }
func TestPath(t *testing.T)    { call("/DoThing") }
func TestConst(t *testing.T)   { call(api.OpListThings) }
func TestProse(t *testing.T)   { call("no DoThing here", "DoThings", "x=DoThing") }
func Testlower(t *testing.T)   { new(Service).DoThing() }
func TestMain(m *testing.M)    { new(Service).DoThing() }
func helperCalls()             { new(Service).DoThing() }
func FuzzThing(f *testing.F)   { call("DoThing") }
`,
	"cmd/x/x_test.go":          "package main\n\nfunc BenchmarkList(b *testing.B) { client.ListThings(ctx, nil) }\n",
	"testdata/skipped_test.go": "package x\n\nfunc TestSkipped(t *testing.T) { x.DoThing() }\n",
	"conformance/py/test_things.py": `import unittest

class Things(unittest.TestCase):
    def test_do(self):
        self.pc.do_thing(Catalog="Sandbox")

    def test_list_by_paginator(self):
        self.pc.get_paginator("list_things")

    def helper(self):
        self.pc.do_thing()


class More(unittest.TestCase):
    def test_do_things_nothing(self):
        self.pc.do_thing_else()
`,
	"conformance/cli/test_cli.py": "class C:\n    def test_cli(self):\n        self.ok(\"list-things\", \"--catalog\", \"AWS\")\n",
	"conformance/js/things.test.mjs": `describe("things", () => {
  test("does a thing, it's done", async () => {
    await pc.send(new DoThingCommand({}));
  });

  test('lists', async () => { await pc.send(new ListThingsCommand({})); });
});
`,
	"conformance/js/node_modules/dep/dep.test.js": "test(\"dep\", () => { DoThing(); });\n",
	"conformance/sh/test_things.sh":               "test_list() {\n  aws partnercentral-selling list-things\n}\n\ntest_none() {\n  echo DoThingCommander\n}\n",
}

func TestBuild(t *testing.T) {
	rows, err := Build(writeRepo(t, repo), []string{"DoThing", "ListThings"})
	if err != nil {
		t.Fatal(err)
	}
	things := Section{Title: "Things (and `more`)", Anchor: "things-and-more"}
	want := []Row{
		{Operation: "DoThing", Method: Method{File: "selling/thing.go", Doc: "DoThing does the thing."},
			Rules: []Section{things, {Title: things.Title, Anchor: "things-and-more-1"}},
			Suites: []Suite{
				{Path: "selling", Tests: []string{"FuzzThing", "TestDirect", "TestPath"}},
				{Path: "conformance/js", Tests: []string{"does a thing, it's done"}},
				{Path: "conformance/py", Tests: []string{"test_do"}},
			}},
		{Operation: "ListThings", Method: Method{File: "selling/things_list.go", Doc: "ListThings lists the things."},
			Rules: []Section{things, {Title: "Listing", Anchor: "listing"}},
			Suites: []Suite{
				{Path: "cmd/x", Tests: []string{"BenchmarkList"}},
				{Path: "selling", Tests: []string{"TestConst", "TestTarget"}},
				{Path: "conformance/cli", Tests: []string{"test_cli"}},
				{Path: "conformance/js", Tests: []string{"lists"}},
				{Path: "conformance/py", Tests: []string{"test_list_by_paginator"}},
				{Path: "conformance/sh", Tests: []string{"test_list"}},
			}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("Build:\n got %+v\nwant %+v", rows, want)
	}
}

func TestBuildRefusesAnIncompleteIndex(t *testing.T) {
	for _, tc := range []struct {
		name    string
		files   map[string]string
		ops     []string
		message string
	}{
		{"an operation without a method", nil, []string{"DoThing", "ListThings", "Vanish"},
			"Vanish has no method (*Service).Vanish in selling/"},
		{"an operation without a section", map[string]string{"docs/business-rules.md": "## Things\n\nOperations: DoThing\n"},
			[]string{"DoThing", "ListThings"}, "ListThings is named by no section of docs/business-rules.md"},
		{"a section naming no operation", map[string]string{"docs/business-rules.md": "## Things\n\nOperations: DoThing, ListThing, ListThings\n"},
			[]string{"DoThing", "ListThings"}, `section "Things" names "ListThing", which is not an operation`},
		{"two lines in a section", map[string]string{"docs/business-rules.md": "## Things\n\nOperations: DoThing\nOperations: ListThings\n"},
			[]string{"DoThing", "ListThings"}, `section "Things" has a second Operations: line`},
		{"a method declared twice", map[string]string{"selling/again.go": "package selling\n\nfunc (s *Service) DoThing() {}\n"},
			[]string{"DoThing", "ListThings"}, "(*Service).DoThing is declared twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := maps.Clone(repo)
			maps.Copy(files, tc.files)
			_, err := Build(writeRepo(t, files), tc.ops)
			if err == nil || !strings.Contains(err.Error(), tc.message) {
				t.Errorf("Build: %v, want an error saying %q", err, tc.message)
			}
		})
	}
}

func TestClientNames(t *testing.T) {
	got := clientNames("GetAwsThingSummary")
	want := []string{"GetAwsThingSummary", "GetAwsThingSummaryCommand", "get_aws_thing_summary", "get-aws-thing-summary"}
	if !slices.Equal(got, want) {
		t.Errorf("clientNames = %q, want %q", got, want)
	}
}

func TestMarkdownCells(t *testing.T) {
	md := string(Markdown([]Row{{
		Operation: "DoThing",
		Method:    Method{File: "selling/thing.go", Doc: "DoThing does a | b."},
		Rules:     []Section{{Title: "Things", Anchor: "things"}},
		Suites: []Suite{
			{Path: "selling", Tests: []string{"TestA", "TestB", "TestC", "TestD"}},
			{Path: "conformance/js", Tests: []string{"a title, long enough to be cut before it ends here"}},
		},
	}}))
	row := "| DoThing | [thing.go](../selling/thing.go) | Does a \\| b. | [Things](business-rules.md#things) | " +
		"`selling` 4: TestA, TestB, TestC, …; `conformance/js` 1: “a title, long enough to be cut before it ends…” |\n"
	if !strings.Contains(md, row) {
		t.Errorf("Markdown lacks the row\n%s\nin\n%s", row, md)
	}
	if !strings.Contains(md, RegenerateCommand) {
		t.Error("Markdown does not say how to regenerate it")
	}
}
