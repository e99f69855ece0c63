package opindex

import (
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Method is the Go method implementing an operation.
type Method struct {
	File string // relative to the repository root, with forward slashes
	Doc  string // the first sentence of its doc comment; "" when it has none
}

// findMethods parses the service package's Go files (tests left out) and
// returns, for each operation, the method of the service type named after
// it. Whatever file a method is in, it is found.
func findMethods(root string, operations []string) (map[string]Method, error) {
	want := map[string]bool{}
	for _, op := range operations {
		want[op] = true
	}
	dir := filepath.Join(root, ServiceDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var synopsis doc.Package
	found := map[string]Method{}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || !want[fn.Name.Name] || receiverType(fn) != ServiceType {
				continue
			}
			if prev, dup := found[fn.Name.Name]; dup {
				return nil, fmt.Errorf("opindex: (*%s).%s is declared twice, in %s and %s", ServiceType, fn.Name.Name, prev.File, name)
			}
			m := Method{File: path.Join(ServiceDir, name)}
			if fn.Doc != nil {
				m.Doc = oneLine(synopsis.Synopsis(fn.Doc.Text()))
			}
			found[fn.Name.Name] = m
		}
	}
	return found, nil
}

// receiverType is the name of the type a method is declared on, pointer or
// not; "" for a function.
func receiverType(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) != 1 {
		return ""
	}
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// oneLine joins a text's lines and spaces into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
