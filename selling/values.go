package selling

import "time"

// Small helpers for the optional members of the API's types (pointers),
// sets of documented values, and times and texts the service stores.

// ptr is a pointer to v, for an optional member.
func ptr[T any](v T) *T { return &v }

// deref is the value p points to, the zero value for nil.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

// setOf is the set of values.
func setOf(values ...string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// optional is s as an optional member: nil when empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// later returns now, or just after prev when the clock has not moved past
// it, so every change gets a LastModifiedDate of its own.
func later(now, prev time.Time) time.Time {
	if now.After(prev) {
		return now
	}
	return prev.Add(time.Millisecond)
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
