// Package opindex builds docs/operations.md, the index of the API's
// operations: for each, the selling method that implements it and the file
// it is in, the first sentence of its doc comment, the sections of
// docs/business-rules.md that cover it, and the tests that call it.
//
// Everything is found, nothing is listed by hand: methods by parsing
// selling's Go files, rule sections by the "Operations:" line each section
// of business-rules.md carries, tests by reading the Go test functions and
// the conformance suites. Moving code between files changes the index, so
// the index is regenerated rather than edited:
//
//	go test ./internal/opindex -run TestOperationIndex -update
package opindex

//go:generate go test -run TestOperationIndex -update .

import (
	"fmt"
	"strings"
)

// Paths the index is built from, relative to the repository root.
const (
	ServiceDir  = "selling"                // the package whose *Service methods are the operations
	ServiceType = "Service"                // the receiver type of those methods
	RulesFile   = "docs/business-rules.md" // the business rules, one "Operations:" line a section
	SuitesDir   = "conformance"            // the official clients' suites, one directory each
	IndexFile   = "docs/operations.md"     // where the index is written
)

// Row is what the index says of one operation.
type Row struct {
	Operation string
	Method    Method
	Rules     []Section
	Suites    []Suite // Go packages first, then conformance suites, each sorted by path
}

// Build reads the repository at root and returns one row per operation, in
// the order given. It fails when an operation has no method of its own or
// no rules section, or when a section names something that is not an
// operation: the index would otherwise quietly be wrong.
func Build(root string, operations []string) ([]Row, error) {
	methods, err := findMethods(root, operations)
	if err != nil {
		return nil, err
	}
	sections, err := readSections(root, operations)
	if err != nil {
		return nil, err
	}
	goTests, err := findGoTests(root, operations)
	if err != nil {
		return nil, err
	}
	suiteTests, err := findSuiteTests(root, operations)
	if err != nil {
		return nil, err
	}
	var problems []string
	rows := make([]Row, 0, len(operations))
	for _, op := range operations {
		r := Row{Operation: op, Method: methods[op], Rules: sections[op]}
		if r.Method.File == "" {
			problems = append(problems, fmt.Sprintf("%s has no method (*%s).%s in %s/", op, ServiceType, op, ServiceDir))
		}
		if len(r.Rules) == 0 {
			problems = append(problems, fmt.Sprintf("%s is named by no section of %s: add it to the Operations: line of the section that covers it", op, RulesFile))
		}
		r.Suites = append(goTests[op], suiteTests[op]...)
		rows = append(rows, r)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("opindex:\n\t%s", strings.Join(problems, "\n\t"))
	}
	return rows, nil
}
