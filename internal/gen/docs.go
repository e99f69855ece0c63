package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Docs is the documentation the generated code carries, as model/docs.json holds it: the
// first sentence of the model's documentation, in plain text. Operations are keyed by
// operation name; shapes by shape name, and structure members by "Shape.Member".
//
// docs.json is extracted once from the botocore model with its documentation
// (service-2.json; model/service.json is the same model without it), so that the build
// needs only model/:
//
//	go run ./internal/gen -extract-docs path/to/service-2.json -docs model/docs.json
type Docs struct {
	Operations map[string]string `json:"operations"`
	Shapes     map[string]string `json:"shapes"`
}

// extractDocs returns the first sentence of every documentation string of a botocore model.
func extractDocs(model []byte) (*Docs, error) {
	var raw struct {
		Operations map[string]struct {
			Documentation string `json:"documentation"`
		} `json:"operations"`
		Shapes map[string]struct {
			Documentation string `json:"documentation"`
			Members       map[string]struct {
				Documentation string `json:"documentation"`
			} `json:"members"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(model, &raw); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	d := &Docs{Operations: map[string]string{}, Shapes: map[string]string{}}
	add := func(to map[string]string, key, doc string) {
		if s := firstSentence(doc); s != "" {
			to[key] = s
		}
	}
	for name, op := range raw.Operations {
		add(d.Operations, name, op.Documentation)
	}
	for name, s := range raw.Shapes {
		add(d.Shapes, name, s.Documentation)
		for mem, m := range s.Members {
			add(d.Shapes, name+"."+mem, m.Documentation)
		}
	}
	return d, nil
}

// writeDocs extracts the docs of the model at modelPath into docsPath.
func writeDocs(modelPath, docsPath string) error {
	model, err := os.ReadFile(modelPath)
	if err != nil {
		return err
	}
	d, err := extractDocs(model)
	if err != nil {
		return err
	}
	b, err := encodeDocs(d)
	if err != nil {
		return err
	}
	return os.WriteFile(docsPath, b, 0o644)
}

// encodeDocs is the form of docs.json: indented, keys sorted, text unescaped.
func encodeDocs(d *Docs) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	err := enc.Encode(d)
	return b.Bytes(), err
}

// loadDocs reads docs.json and checks that every key names an operation, shape or member
// of m, so that a renamed entry does not lose its documentation silently.
func loadDocs(path string, m *Model) (*Docs, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d := &Docs{}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, name := range sortedKeys(d.Operations) {
		if m.Operations[name] == nil {
			return nil, fmt.Errorf("%s: no operation %s", path, name)
		}
	}
	for _, key := range sortedKeys(d.Shapes) {
		shape, member, isMember := strings.Cut(key, ".")
		s := m.Shapes[shape]
		switch {
		case s == nil:
			return nil, fmt.Errorf("%s: no shape %s", path, shape)
		case isMember && !slices.ContainsFunc(s.Members, func(mem Member) bool { return mem.Name == member }):
			return nil, fmt.Errorf("%s: shape %s has no member %s", path, shape, member)
		}
	}
	return d, nil
}

var (
	// blockTag ends a paragraph: a sentence never runs across one.
	blockTag = regexp.MustCompile(`(?i)</?(p|ul|ol|li|note|br|fullname)\b[^>]*>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
	spaces   = regexp.MustCompile(`\s+`)
)

// abbreviations end in a period without ending a sentence.
var abbreviations = []string{"e.g.", "i.e.", "etc.", "vs.", "Inc.", "Ltd.", "approx.", "No."}

// firstSentence returns the first sentence of the first paragraph of an HTML documentation
// string, as plain text.
func firstSentence(doc string) string {
	for _, para := range blockTag.Split(doc, -1) {
		text := html.UnescapeString(anyTag.ReplaceAllString(para, ""))
		text = strings.TrimSpace(spaces.ReplaceAllString(text, " "))
		if text == "" {
			continue
		}
		first := sentence(text)
		if !strings.Contains(first, " ") && len(first) < len(text) {
			// A one-word sentence ("Optional.") says too little alone.
			first += " " + sentence(strings.TrimSpace(text[len(first):]))
		}
		return first
	}
	return ""
}

// sentence cuts text after its first sentence: at a '.', '!' or '?' followed by a space and
// a capital letter, digit or opening mark, unless the period ends an abbreviation or an
// initial ("U.S."). The model sometimes leaves out the space ("of the response.Use this"):
// a period between a lower-case word and a capitalized one ends a sentence too, where one
// between names ("LifeCycle.TargetCloseDate") does not.
func sentence(text string) string {
	for i := 0; i < len(text)-1; i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		before := text[strings.LastIndexByte(text[:i], ' ')+1 : i+1]
		if text[i+1] != ' ' {
			if c == '.' && isLowerWord(before[:len(before)-1]) && isCapitalized(wordAt(text[i+1:])) {
				return text[:i+1]
			}
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[i+2:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"'(<`, next) {
			continue
		}
		if c == '.' && (slices.Contains(abbreviations, before) || isInitials(before)) {
			continue
		}
		return text[:i+1]
	}
	return text
}

// wordAt returns the letters at the start of s.
func wordAt(s string) string {
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		return s[:i]
	}
	return s
}

func isLowerWord(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLower(r) }) < 0
}

// isCapitalized reports whether w is a capital letter followed by lower-case letters only.
func isCapitalized(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && (n == len(w) || isLowerWord(w[n:]))
}

// isInitials reports whether word is like "U.S.": two or more capitals, each followed by a
// period.
func isInitials(word string) bool {
	if len(word) < 4 || len(word)%2 != 0 {
		return false
	}
	for i := 0; i < len(word); i += 2 {
		if word[i] < 'A' || word[i] > 'Z' || word[i+1] != '.' {
			return false
		}
	}
	return true
}

// comment returns text as a Go comment, wrapped so that lines stay within width columns
// when indented by indent tabs (a tab counting as four).
func comment(text string, indent int) string {
	const width = 92
	prefix := strings.Repeat("\t", indent) + "// "
	room := width - 4*indent - 3
	var b strings.Builder
	line := 0 // runes on the current line, after the prefix
	for _, w := range strings.Fields(text) {
		n := utf8.RuneCountInString(w)
		if line > 0 && line+1+n > room {
			b.WriteString("\n")
			line = 0
		}
		if line == 0 {
			b.WriteString(prefix)
		} else {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += n
	}
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	return b.String()
}
