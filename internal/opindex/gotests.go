package opindex

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Suite is the tests of one Go package or one conformance suite that call
// an operation.
type Suite struct {
	Path  string   // the package's or suite's directory, relative to the root
	Tests []string // sorted
}

// skipDir reports whether a walk of the repository leaves a directory out:
// hidden ones, test data and installed dependencies.
func skipDir(name string) bool {
	return name != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
		name == "testdata" || name == "node_modules" || name == "vendor")
}

// findGoTests returns, for each operation, the Go test functions (Test,
// Fuzz and Benchmark functions of *_test.go files) whose body calls it:
// a call of a method named after it (svc.CreateOpportunity(...), a client's
// CreateOpportunity), its name constant (api.OpCreateOpportunity), or its
// name as a string literal, alone or as the end of an X-Amz-Target or a
// path ("AWSPartnerCentralSelling.CreateOpportunity", "/CreateOpportunity").
func findGoTests(root string, operations []string) (map[string][]Suite, error) {
	mentions := map[string]string{} // a mention's text -> its operation
	for _, op := range operations {
		mentions[op] = op
		mentions["Op"+op] = op
	}
	byOp := map[string]map[string]map[string]bool{} // op -> package dir -> test names
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(p))
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(rel)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || fn.Body == nil || !isTestFunc(fn.Name.Name) {
				continue
			}
			for op := range calledOperations(fn.Body, mentions) {
				if byOp[op] == nil {
					byOp[op] = map[string]map[string]bool{}
				}
				if byOp[op][pkg] == nil {
					byOp[op][pkg] = map[string]bool{}
				}
				byOp[op][pkg][fn.Name.Name] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return suitesOf(byOp), nil
}

// isTestFunc reports whether name is one go test runs: TestXxx, FuzzXxx or
// BenchmarkXxx (TestMain is the harness, not a test).
func isTestFunc(name string) bool {
	if name == "TestMain" {
		return false
	}
	for _, prefix := range []string{"Test", "Fuzz", "Benchmark"} {
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		r, _ := utf8.DecodeRuneInString(rest)
		return rest == "" || !unicode.IsLower(r)
	}
	return false
}

// calledOperations returns the operations a function body mentions.
func calledOperations(body *ast.BlockStmt, mentions map[string]string) map[string]bool {
	ops := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if op, ok := mentions[n.Sel.Name]; ok {
				ops[op] = true
			}
		case *ast.Ident:
			if op, ok := mentions[n.Name]; ok && strings.HasPrefix(n.Name, "Op") {
				ops[op] = true // an Op constant used inside package api
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING {
				break
			}
			s, err := strconv.Unquote(n.Value)
			if err != nil {
				break
			}
			// "AWSPartnerCentralSelling.CreateOpportunity", "/CreateOpportunity"
			if i := strings.LastIndexAny(s, "./"); i >= 0 && !strings.ContainsAny(s[:i], " \t\n\"{},=") {
				s = s[i+1:]
			}
			if op, ok := mentions[s]; ok && op == s {
				ops[op] = true
			}
		}
		return true
	})
	return ops
}

// suitesOf turns op -> dir -> names into sorted suites.
func suitesOf(byOp map[string]map[string]map[string]bool) map[string][]Suite {
	out := map[string][]Suite{}
	for op, dirs := range byOp {
		for _, dir := range sortedKeys(dirs) {
			names := sortedKeys(dirs[dir])
			out[op] = append(out[op], Suite{Path: path.Clean(dir), Tests: slices.Clip(names)})
		}
	}
	return out
}
