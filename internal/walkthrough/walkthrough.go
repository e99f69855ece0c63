// Package walkthrough runs the walkthroughs of pcs's docs as a reader
// would, against a fresh pcs binary, and checks what they print
// (walkthrough_test.go). This file reads them from the markdown.
//
// A walkthrough is a fenced code block marked ```sh whose first line is
// "# walkthrough" (optionally ": its name"). Its lines are shell commands,
// a line ending in "\" going on in the next; a "#>" line is what the
// command before it prints (compared word by word, "#> ..." matching any
// lines); other comment lines are for the reader. Every command must
// succeed. A command that ends in "&" runs in the background, its output
// kept apart; the block starts its own pcs that way.
package walkthrough

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// Walkthrough is one marked block of a document.
type Walkthrough struct {
	Doc   string // the document's path
	Line  int    // where the block starts
	Name  string
	Steps []Step
}

// Step is one command and what it is shown to print.
type Step struct {
	Line    int    // where the command starts in the document
	Command string // the command, continuation lines joined
	// Output is the lines the command prints, as the document shows them;
	// nil when it shows none (the output is not checked).
	Output []string
}

// Marker is the first line of a walkthrough block.
const Marker = "# walkthrough"

// Read returns the walkthroughs of the markdown file at path.
func Read(path string) ([]Walkthrough, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Walkthrough
	var cur *Walkthrough
	inBlock, first := false, false
	var pending string // a command continued on the next line
	pendingLine := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case !inBlock && strings.HasPrefix(trimmed, "```"):
			inBlock, first = true, strings.TrimPrefix(trimmed, "```") == "sh"
			continue
		case inBlock && trimmed == "```":
			if cur != nil {
				if pending != "" {
					return nil, fmt.Errorf("%s:%d: the walkthrough ends in a continued line", path, pendingLine)
				}
				out = append(out, *cur)
			}
			inBlock, cur = false, nil
			continue
		case !inBlock:
			continue
		}
		if first {
			first = false
			if trimmed == Marker || strings.HasPrefix(trimmed, Marker+":") {
				cur = &Walkthrough{Doc: path, Line: n, Name: strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(trimmed, Marker), ":"))}
			}
			continue
		}
		if cur == nil {
			continue
		}
		switch {
		case pending != "":
			pending += "\n" + line
		case strings.HasPrefix(trimmed, "#>"):
			if len(cur.Steps) == 0 {
				return nil, fmt.Errorf("%s:%d: an output line before any command", path, n)
			}
			s := &cur.Steps[len(cur.Steps)-1]
			s.Output = append(s.Output, strings.TrimSpace(strings.TrimPrefix(trimmed, "#>")))
			continue
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			continue
		default:
			pending, pendingLine = line, n
		}
		if strings.HasSuffix(pending, "\\") {
			continue
		}
		cur.Steps = append(cur.Steps, Step{Line: pendingLine, Command: pending})
		pending = ""
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if inBlock && cur != nil {
		return nil, fmt.Errorf("%s:%d: the walkthrough's block does not end", path, cur.Line)
	}
	return out, nil
}

// Background reports whether a command runs in the background (ends in
// "&", before a comment), and returns it without its comment.
func Background(command string) (string, bool) {
	c := command
	if i := strings.Index(c, " #"); i >= 0 && !strings.Contains(c[:i], "'") && !strings.Contains(c[:i], `"`) {
		c = c[:i]
	}
	c = strings.TrimSpace(c)
	if strings.HasSuffix(c, "&") && !strings.HasSuffix(c, "&&") {
		return strings.TrimSpace(strings.TrimSuffix(c, "&")), true
	}
	return command, false
}

// Matches reports whether got, the lines a command printed, is what the
// document shows: word by word, line by line, "..." standing for any
// number of lines.
func Matches(want, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if Matches(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && strings.Join(strings.Fields(want[0]), " ") == strings.Join(strings.Fields(got[0]), " ") &&
		Matches(want[1:], got[1:])
}
