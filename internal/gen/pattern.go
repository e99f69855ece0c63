package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// stringRule is what a model pattern becomes in Go, whose regexp package has neither
// look-arounds nor repeat counts above 1000.
type stringRule struct {
	// HasLen, MinLen and MaxLen: a rune-count check, from a leading (?=.{a,b}$) look-ahead or
	// from a pattern that is only (?s).{a,b}.
	HasLen         bool
	MinLen, MaxLen int
	// NoNewline: the value must not contain "\n" (a pattern that is only .{a,b}, where "."
	// does not match a line break).
	NoNewline bool
	// Regex is the anchored Go regular expression ("" when the length check says it all).
	Regex string
	// Display is the pattern as shown to callers, anchored, in the model's syntax.
	Display string
}

var (
	lookAheadLen = regexp.MustCompile(`^\(\?=\.\{(\d+),(\d+)\}\$\)`)
	onlyLength   = regexp.MustCompile(`^(\(\?s\))?\.\{(\d+),(\d+)\}$`)
	hex4         = regexp.MustCompile(`^[0-9A-Fa-f]{4}$`)
)

// stringRuleOf is the rule of a string shape: its pattern's, and the
// length range of its min and max, which a pattern's own length range must
// not contradict.
func stringRuleOf(s *Shape) (stringRule, error) {
	var r stringRule
	if s.Pattern != nil {
		var err error
		if r, err = translatePattern(*s.Pattern); err != nil {
			return r, err
		}
	}
	if s.Min == nil && s.Max == nil {
		return r, nil
	}
	if s.Max == nil {
		return r, fmt.Errorf("a string length needs a max")
	}
	minLen := 0
	if s.Min != nil {
		minLen = int(*s.Min)
	}
	if r.HasLen && (r.MinLen != minLen || r.MaxLen != int(*s.Max)) {
		return r, fmt.Errorf("length %d..%d contradicts its pattern's %d..%d", minLen, *s.Max, r.MinLen, r.MaxLen)
	}
	if minLen > int(*s.Max) {
		return r, fmt.Errorf("length range %d..%d is empty", minLen, *s.Max)
	}
	r.HasLen, r.MinLen, r.MaxLen = true, minLen, int(*s.Max)
	return r, nil
}

// translatePattern turns a model (Java/ECMAScript-style) pattern, which must match the whole
// value, into a stringRule. It fails on anything Go cannot express.
func translatePattern(p string) (stringRule, error) {
	var r stringRule
	rest := p
	if m := lookAheadLen.FindStringSubmatch(rest); m != nil {
		r.HasLen = true
		r.MinLen, _ = strconv.Atoi(m[1])
		r.MaxLen, _ = strconv.Atoi(m[2])
		rest = rest[len(m[0]):]
	}
	if strings.Contains(rest, "(?=") || strings.Contains(rest, "(?!") || strings.Contains(rest, "(?<") {
		return r, fmt.Errorf("pattern %q: look-arounds are only supported as a leading (?=.{a,b}$)", p)
	}
	if m := onlyLength.FindStringSubmatch(rest); m != nil && !r.HasLen {
		r.HasLen = true
		r.MinLen, _ = strconv.Atoi(m[2])
		r.MaxLen, _ = strconv.Atoi(m[3])
		r.NoNewline = m[1] == ""
		return r, r.checkLen(p)
	}
	if err := r.checkLen(p); err != nil {
		return r, err
	}
	goRe, err := translateEscapes(rest)
	if err != nil {
		return r, fmt.Errorf("pattern %q: %w", p, err)
	}
	r.Regex = "^(?:" + goRe + ")$"
	r.Display = "^" + rest + "$"
	if _, err := regexp.Compile(r.Regex); err != nil {
		return r, fmt.Errorf("pattern %q does not compile in Go as %q: %w", p, r.Regex, err)
	}
	return r, nil
}

func (r stringRule) checkLen(p string) error {
	if r.HasLen && r.MinLen > r.MaxLen {
		return fmt.Errorf("pattern %q: length range %d..%d is empty", p, r.MinLen, r.MaxLen)
	}
	return nil
}

// translateEscapes rewrites \uXXXX as \x{XXXX}; other escapes are copied unchanged.
func translateEscapes(p string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(p) {
			return "", fmt.Errorf("trailing backslash")
		}
		if p[i+1] == 'u' {
			if i+6 > len(p) || !hex4.MatchString(p[i+2:i+6]) {
				return "", fmt.Errorf(`\u at offset %d is not followed by 4 hex digits`, i)
			}
			b.WriteString(`\x{` + p[i+2:i+6] + `}`)
			i += 5
			continue
		}
		b.WriteByte(c)
		b.WriteByte(p[i+1])
		i++
	}
	return b.String(), nil
}
