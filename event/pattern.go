package event

import (
	"encoding/json"
	"fmt"
)

// Pattern is an EventBridge event pattern: each key names a member of the
// event; its value is either a list of the values that match or a nested
// pattern for an object member. Every key must match. A nil Pattern
// matches every event.
//
//	{"source": ["aws.partnercentral-selling"],
//	 "detail-type": ["Opportunity Created", "Opportunity Updated"],
//	 "detail": {"catalog": ["Sandbox"]}}
type Pattern map[string]any

// ParsePattern reads a pattern and checks its form.
func ParsePattern(b []byte) (Pattern, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var p Pattern
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("event pattern: %w", err)
	}
	return p, p.check("")
}

func (p Pattern) check(at string) error {
	for k, v := range p {
		switch t := v.(type) {
		case []any:
			for _, x := range t {
				switch x.(type) {
				case string, float64, bool, nil:
				default:
					return fmt.Errorf("event pattern: %s%s: only plain values may be listed", at, k)
				}
			}
		case map[string]any:
			if err := Pattern(t).check(at + k + "."); err != nil {
				return err
			}
		default:
			return fmt.Errorf("event pattern: %s%s: want a list of values or an object", at, k)
		}
	}
	return nil
}

// Match reports whether the event (a JSON object) matches p.
func (p Pattern) Match(event map[string]any) bool {
	for k, want := range p {
		got, present := event[k]
		switch w := want.(type) {
		case []any:
			if !present || !matchAny(got, w) {
				return false
			}
		case map[string]any:
			sub, ok := got.(map[string]any)
			if !ok || !Pattern(w).Match(sub) {
				return false
			}
		}
	}
	return true
}

// matchAny: a value matches when it equals one listed; a list value matches
// when one of its items does (as EventBridge matches arrays).
func matchAny(got any, values []any) bool {
	if list, ok := got.([]any); ok {
		for _, g := range list {
			if matchAny(g, values) {
				return true
			}
		}
		return false
	}
	for _, v := range values {
		if v == got {
			return true
		}
	}
	return false
}
