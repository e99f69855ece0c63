package opindex

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// Section is a heading of the business rules that covers an operation.
type Section struct {
	Title  string
	Anchor string // the heading's link fragment, as GitHub makes it
}

// operationsLine starts the line by which a section of the rules names
// the operations it covers: "Operations: CreateOpportunity, UpdateOpportunity."
const operationsLine = "Operations:"

// readSections reads the business rules and returns, for each operation,
// the sections whose Operations: line names it, in document order. A name
// that is not an operation, or a section with two such lines, is an error.
func readSections(root string, operations []string) (map[string][]Section, error) {
	b, err := os.ReadFile(filepath.Join(root, RulesFile))
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, op := range operations {
		known[op] = true
	}
	out := map[string][]Section{}
	slugs := map[string]int{}
	var cur *Section
	named := false // whether cur has had its Operations: line
	fenced := false
	for i, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		if title, ok := heading(line); ok {
			cur, named = &Section{Title: title, Anchor: uniqueSlug(slugs, title)}, false
			continue
		}
		list, ok := strings.CutPrefix(trimmed, operationsLine)
		if !ok {
			continue
		}
		where := RulesFile + ":" + strconv.Itoa(i+1)
		switch {
		case cur == nil:
			return nil, fmt.Errorf("opindex: %s: an %s line before any heading", where, operationsLine)
		case named:
			return nil, fmt.Errorf("opindex: %s: section %q has a second %s line", where, cur.Title, operationsLine)
		}
		named = true
		for _, name := range strings.Split(strings.TrimSuffix(strings.TrimSpace(list), "."), ",") {
			name = strings.Trim(strings.TrimSpace(name), "`")
			if !known[name] {
				return nil, fmt.Errorf("opindex: %s: section %q names %q, which is not an operation", where, cur.Title, name)
			}
			out[name] = append(out[name], *cur)
		}
	}
	return out, nil
}

// heading returns the text of a Markdown ATX heading line.
func heading(line string) (string, bool) {
	level := len(line) - len(strings.TrimLeft(line, "#"))
	if level == 0 || level > 6 || len(line) == level || line[level] != ' ' {
		return "", false
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(line[level:]), "#")), true
}

// uniqueSlug is GitHub's anchor for a heading: lower case, punctuation
// dropped, spaces as hyphens, and -1, -2, ... for repeats (seen counts them).
func uniqueSlug(seen map[string]int, title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	slug := b.String()
	n := seen[slug]
	seen[slug] = n + 1
	if n > 0 {
		slug += "-" + strconv.Itoa(n)
	}
	return slug
}
