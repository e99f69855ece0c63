package opindex

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A suiteTest is one test of a conformance suite: its name and its body.
type suiteTest struct {
	name string
	body string
}

// A testSyntax finds the tests of one kind of suite file.
type testSyntax struct {
	// file reports whether a file name is a test file of this kind.
	file func(name string) bool
	// start matches a test's first line; its first group is the
	// indentation, the first non-empty one after it the test's name.
	start *regexp.Regexp
	// closes reports whether a line at the test's indentation ends it and
	// belongs to it (a closing brace) rather than starting what follows.
	closes bool
}

var (
	jsTestFile = regexp.MustCompile(`\.test\.[cm]?[jt]s$`)
	syntaxes   = []testSyntax{
		{ // Python unittest: def test_x(self): inside a class, or pytest functions
			file: func(n string) bool {
				return strings.HasSuffix(n, ".py") && (strings.HasPrefix(n, "test_") || strings.HasSuffix(n, "_test.py"))
			},
			start: regexp.MustCompile(`^(\s*)def (test\w*)\s*\(`),
		},
		{ // JavaScript (node:test, jest, mocha): test("title", ...) or it("title", ...)
			file:   jsTestFile.MatchString,
			start:  regexp.MustCompile(`^(\s*)(?:test|it)(?:\.\w+)?\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|` + "`([^`]*)`)"),
			closes: true,
		},
		{ // shell: test_x() { ... } functions, or bats @test "title" { ... }
			file: func(n string) bool {
				return strings.HasSuffix(n, ".bats") || (strings.HasSuffix(n, ".sh") && strings.HasPrefix(n, "test_"))
			},
			start:  regexp.MustCompile(`^(\s*)(?:function\s+)?(?:(test_\w+)\s*\(\)|@test\s+"([^"]*)")`),
			closes: true,
		},
	}
)

// findSuiteTests returns, for each operation, the conformance tests that
// call it by any of the names the official clients give it: CreateOpportunity
// (and the JS SDK's CreateOpportunityCommand), create_opportunity (boto3),
// create-opportunity (the AWS CLI).
func findSuiteTests(root string, operations []string) (map[string][]Suite, error) {
	names := map[string]string{}
	for _, op := range operations {
		for _, n := range clientNames(op) {
			names[n] = op
		}
	}
	dir := filepath.Join(root, SuitesDir)
	byOp := map[string]map[string]map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		var syn *testSyntax
		for i := range syntaxes {
			if syntaxes[i].file(d.Name()) {
				syn = &syntaxes[i]
			}
		}
		if syn == nil {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		suite := filepath.ToSlash(rel)
		for _, t := range syn.tests(string(b)) {
			for _, word := range clientWord.FindAllString(t.body, -1) {
				op, ok := names[word]
				if !ok {
					continue
				}
				if byOp[op] == nil {
					byOp[op] = map[string]map[string]bool{}
				}
				if byOp[op][suite] == nil {
					byOp[op][suite] = map[string]bool{}
				}
				byOp[op][suite][t.name] = true
			}
		}
		return nil
	})
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return suitesOf(byOp), nil
}

// clientWord is a word as the clients spell operation names.
var clientWord = regexp.MustCompile(`[A-Za-z0-9_-]+`)

// clientNames is how the clients name an operation.
func clientNames(op string) []string {
	var words []string
	start := 0
	for i := 1; i < len(op); i++ {
		if op[i] >= 'A' && op[i] <= 'Z' {
			words = append(words, strings.ToLower(op[start:i]))
			start = i
		}
	}
	words = append(words, strings.ToLower(op[start:]))
	return []string{op, op + "Command", strings.Join(words, "_"), strings.Join(words, "-")}
}

// tests splits a suite file into its tests. A test's body runs from its
// first line to the next line indented no deeper, which a closing syntax
// takes as the test's last line.
func (syn *testSyntax) tests(src string) []suiteTest {
	lines := strings.Split(src, "\n")
	var out []suiteTest
	for i := 0; i < len(lines); i++ {
		m := syn.start.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		indent, name := m[1], ""
		for _, g := range m[2:] {
			if g != "" {
				name = g
				break
			}
		}
		end := i + 1
		for ; end < len(lines); end++ {
			l := lines[end]
			if strings.TrimSpace(l) == "" {
				continue
			}
			if len(l)-len(strings.TrimLeft(l, " \t")) <= len(indent) {
				if syn.closes {
					end++
				}
				break
			}
		}
		out = append(out, suiteTest{name: name, body: strings.Join(lines[i:min(end, len(lines))], "\n")})
		if syn.closes {
			i = end - 1
		}
	}
	return out
}
