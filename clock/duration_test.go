package clock

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"15d", 15 * 24 * time.Hour, true},
		{"1d12h", 36 * time.Hour, true},
		{"90s", 90 * time.Second, true},
		{"2h30m", 150 * time.Minute, true},
		{"", 0, false},
		{"xd", 0, false},
		{"15 days", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
