package api

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// validator collects constraint violations. p is the PascalCase path of the value being
// checked (for messages) and f the lowerCamel one (for FieldName).
type validator struct {
	errs []ValidationExceptionError
}

func (v *validator) add(code, f, msg string) {
	c := ValidationExceptionErrorCode(code)
	v.errs = append(v.errs, ValidationExceptionError{FieldName: &f, Message: &msg, Code: &c})
}

// joinPath appends a member name to a dotted path.
func joinPath(base, name string) string {
	if base == "" {
		return name
	}
	return base + "." + name
}

func (v *validator) required(p, f string) {
	v.add("REQUIRED_FIELD_MISSING", f, p+" is required.")
}

func (v *validator) invalidEnum(p, f, val string, sensitive bool, valid string) {
	if sensitive {
		v.add("INVALID_ENUM_VALUE", f, fmt.Sprintf("The value of %s is not valid. Valid values: %s.", p, valid))
		return
	}
	v.add("INVALID_ENUM_VALUE", f, fmt.Sprintf("Value %s is not valid for %s. Valid values: %s.", quoteValue(val), p, valid))
}

func (v *validator) length(p, f, val string, minLen, maxLen int) {
	n := utf8.RuneCountInString(val)
	if n >= minLen && n <= maxLen {
		return
	}
	want := fmt.Sprintf("%d to %d characters", minLen, maxLen)
	if minLen == 0 {
		want = fmt.Sprintf("at most %d characters", maxLen)
	}
	v.add("INVALID_STRING_FORMAT", f, fmt.Sprintf("Value at %s must be %s, but it has %d.", p, want, n))
}

func (v *validator) noNewline(p, f, val string) {
	if strings.Contains(val, "\n") {
		v.add("INVALID_STRING_FORMAT", f, fmt.Sprintf("Value at %s must not contain line breaks.", p))
	}
}

func (v *validator) pattern(p, f, val string, sensitive bool, pattern string) {
	if sensitive {
		v.add("INVALID_STRING_FORMAT", f, fmt.Sprintf("Value at %s must match the pattern %s.", p, pattern))
		return
	}
	v.add("INVALID_STRING_FORMAT", f, fmt.Sprintf("Value %s at %s must match the pattern %s.", quoteValue(val), p, pattern))
}

func (v *validator) count(p, f string, n, minN, maxN int) {
	want := fmt.Sprintf("%d to %d items", minN, maxN)
	switch {
	case maxN < 0:
		want = "at least " + items(minN)
	case minN <= 0:
		want = "at most " + items(maxN)
	}
	switch {
	case n < minN:
		v.add("NOT_ENOUGH_VALUES", f, fmt.Sprintf("%s must contain %s, but it contains %d.", p, want, n))
	case maxN >= 0 && n > maxN:
		v.add("TOO_MANY_VALUES", f, fmt.Sprintf("%s must contain %s, but it contains %d.", p, want, n))
	}
}

func items(n int) string {
	if n == 1 {
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}

func (v *validator) outOfRange(p, f string, n int64, want string) {
	v.add("VALUE_OUT_OF_RANGE", f, fmt.Sprintf("Value %d at %s must be %s.", n, p, want))
}

// union checks that exactly one member of a union is set. name labels a union at the root.
func (v *validator) union(p, f, name string, set, all []string) {
	if p == "" {
		p = name
	}
	switch {
	case len(set) == 0:
		v.add("REQUIRED_FIELD_MISSING", f, fmt.Sprintf("%s must have exactly one member set: %s.", p, strings.Join(all, ", ")))
	case len(set) > 1:
		v.add("INVALID_VALUE", f, fmt.Sprintf("%s must have exactly one member set, but %s are set.", p, strings.Join(set, " and ")))
	}
}

// enumList formats an enum's values for a message.
func enumList[E ~string](vals []E) string {
	s := make([]string, len(vals))
	for i, e := range vals {
		s[i] = string(e)
	}
	return strings.Join(s, ", ")
}

// quoteValue quotes a caller's value for a message, shortening long ones.
func quoteValue(s string) string {
	const maxRunes = 64
	if utf8.RuneCountInString(s) > maxRunes {
		s = string([]rune(s)[:maxRunes]) + "..."
	}
	return fmt.Sprintf("%q", s)
}

// sortedKeys returns a map's keys in order, so that errors come out in a stable order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
