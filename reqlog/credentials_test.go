package reqlog

import (
	"bytes"
	"strings"
	"testing"
)

// holdsSecrets are secrets as requests carry them: a signature, a
// credential scope whose access key id is the account's (as an answer's
// ARNs name it), a session token.
var holdsSecrets = []string{
	"e0f2b6b2a0d7c4e1f8a3b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f901",
	"111111111111/20261204/us-east-1/partnercentral-selling/aws4_request",
	"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDx",
	"short-secret",
}

// TestHoldsAroundItsWindow: holds finds a secret by the window at its
// rarest byte, and tells it apart from a body that holds that window but
// not the bytes around it.
func TestHoldsAroundItsWindow(t *testing.T) {
	for _, v := range holdsSecrets {
		n := min(searchWindow, len(v))
		at := rarestStart(v, n)
		changed := func(i int) string { // v with its byte at i changed
			b := []byte(v)
			b[i] ^= 0x20
			return string(b)
		}
		for _, tt := range []struct {
			body string
			want bool
		}{
			{v, true},
			{`{"a":"` + v + `"}`, true},
			{v[at:at+n] + v, true},   // the window alone first
			{v[:len(v)-1] + v, true}, // a near miss overlapping the real one
			{strings.Repeat(v[at:at+n], 3), at == 0 && n == len(v)},
			{v[:len(v)-1], false},
			{v[1:], false},
			{changed(0), false},
			{changed(len(v) - 1), false},
			{changed(max(at-1, 0)), false},
			{changed(min(at+n, len(v)-1)), false},
			{"", false},
		} {
			if got := holds([]byte(tt.body), v); got != tt.want {
				t.Errorf("holds(%q, %q) = %v, want %v (window at %d)", tt.body, v, got, tt.want, at)
			}
		}
	}
}

// FuzzHolds: holds is bytes.Contains.
func FuzzHolds(f *testing.F) {
	for _, v := range holdsSecrets {
		f.Add([]byte(`{"Arn":"arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS","x":"`+v+`"}`), v)
		f.Add([]byte(v[:len(v)/2]+v[len(v)/3:]), v)
	}
	f.Fuzz(func(t *testing.T, b []byte, v string) {
		if v == "" {
			return
		}
		if got, want := holds(b, v), bytes.Contains(b, []byte(v)); got != want {
			t.Errorf("holds(%q, %q) = %v, bytes.Contains says %v", b, v, got, want)
		}
	})
}
