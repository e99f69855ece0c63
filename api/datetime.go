package api

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"time"
)

// DateTime is the model's timestamp. It is sent as a UTC RFC 3339 string with exactly three
// fractional digits, e.g. "2025-03-14T09:21:45.118Z".
type DateTime struct {
	time.Time
}

// NewDateTime returns a *DateTime holding t.
func NewDateTime(t time.Time) *DateTime {
	return &DateTime{Time: t}
}

const dateTimeLayout = "2006-01-02T15:04:05.000Z"

// MarshalJSON encodes d as a UTC RFC 3339 string with millisecond precision.
func (d DateTime) MarshalJSON() ([]byte, error) {
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	return []byte(`"` + string(b) + `"`), nil
}

// MarshalText encodes d as a UTC RFC 3339 string with millisecond precision.
func (d DateTime) MarshalText() ([]byte, error) {
	t := d.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("api: DateTime year %d is outside 0000-9999", y)
	}
	return []byte(t.Format(dateTimeLayout)), nil
}

// UnmarshalJSON accepts RFC 3339 strings with 0 to 9 fractional digits and "Z" or a numeric
// offset, date-only strings ("2025-06-02", midnight UTC), and epoch seconds given as a JSON
// number or a numeric string. The result is in UTC. null leaves d unchanged. Anything else is
// a *TimestampError.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	s := string(b)
	switch {
	case s == "null":
		return nil
	case strings.HasPrefix(s, `"`):
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return &TimestampError{Value: s}
		}
		return d.UnmarshalText([]byte(str))
	default:
		t, ok := parseEpoch(s)
		if !ok {
			return &TimestampError{Value: s}
		}
		d.Time = t
		return nil
	}
}

// UnmarshalText accepts the string forms that UnmarshalJSON accepts.
func (d *DateTime) UnmarshalText(b []byte) error {
	t, ok := parseTimestamp(string(b))
	if !ok {
		return &TimestampError{Value: string(b)}
	}
	d.Time = t
	return nil
}

var (
	rfc3339Form  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$`)
	dateOnlyForm = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	epochForm    = regexp.MustCompile(`^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d{1,2})?$`)
)

func parseTimestamp(s string) (time.Time, bool) {
	switch {
	case rfc3339Form.MatchString(s):
		t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
		if err != nil {
			return time.Time{}, false
		}
		return t.UTC(), true
	case dateOnlyForm.MatchString(s):
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return time.Time{}, false
		}
		return t.UTC(), true
	}
	return parseEpoch(s)
}

// Epoch seconds outside years 0000-9999 are rejected, as they cannot be sent back.
var (
	minEpoch = big.NewInt(-62167219200) // 0000-01-01T00:00:00Z
	maxEpoch = big.NewInt(253402300799) // 9999-12-31T23:59:59Z
)

// parseEpoch parses decimal epoch seconds exactly (no float rounding); digits beyond
// nanoseconds are truncated.
func parseEpoch(s string) (time.Time, bool) {
	if len(s) > 64 || !epochForm.MatchString(s) {
		return time.Time{}, false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return time.Time{}, false
	}
	nanos := new(big.Int).Quo(new(big.Int).Mul(r.Num(), big.NewInt(1e9)), r.Denom())
	secs, rem := new(big.Int).DivMod(nanos, big.NewInt(1e9), new(big.Int))
	if secs.Cmp(minEpoch) < 0 || secs.Cmp(maxEpoch) > 0 {
		return time.Time{}, false
	}
	return time.Unix(secs.Int64(), rem.Int64()).UTC(), true
}

// TimestampError reports a timestamp value that DateTime does not accept.
type TimestampError struct {
	// Value is the rejected text: the string's content, or the raw JSON for other values.
	Value string
}

func (e *TimestampError) Error() string {
	return fmt.Sprintf("invalid timestamp %s: expected an RFC 3339 date-time such as 2025-03-14T09:21:45.118Z", quoteValue(e.Value))
}
