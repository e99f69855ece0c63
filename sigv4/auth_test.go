package sigv4

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestValidRegion(t *testing.T) {
	tests := []struct {
		region string
		want   bool
	}{
		{"us-east-1", true},
		{"eu-west-3", true},
		{"ap-southeast-7", true},
		{"us-gov-west-1", true},
		{"cn-northwest-1", true},
		{"us-iso-east-1", true},
		{"us-isob-east-1", true},
		{"eusc-de-east-1", true},
		{"", false},
		{"*", false},
		{"us-east", false},
		{"useast1", false},
		{"US-EAST-1", false},
		{"us-east-1a", false}, // an availability zone
		{"us_east_1", false},
		{" us-east-1", false},
		{"u-east-1", false},
		{"us-east-100", false},
	}
	for _, tt := range tests {
		if got := ValidRegion(tt.region); got != tt.want {
			t.Errorf("ValidRegion(%q) = %v, want %v", tt.region, got, tt.want)
		}
	}
}

// TestLocalWarnsOfOtherRegions: local mode accepts a scope in any region
// and says, once per region, which ones the real service would refuse.
func TestLocalWarnsOfOtherRegions(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	local := Local{OtherRegion: RegionWarner(log)}
	restricted := Local{Regions: []string{"eu-west-1"}, OtherRegion: RegionWarner(log)}
	authenticate := func(l Local, region string) {
		body := []byte(`{}`)
		r := newRequest(body)
		Sign(r, body, Credential{AccessKeyID: "AKIA", SecretAccessKey: "x"}, region, DefaultService, time.Now())
		if _, err := l.Authenticate(r, body); err != nil {
			t.Fatalf("%s: %v", region, err)
		}
	}
	for _, region := range []string{"us-east-1", "eu-west-1", "eu-west-1", "ap-south-1", "us-east-1", "ap-south-1"} {
		authenticate(local, region)
	}
	authenticate(restricted, "eu-west-1") // allowed by name: no warning
	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "region=eu-west-1") || !strings.Contains(lines[1], "region=ap-south-1") {
		t.Fatalf("logged:\n%s\nwant one warning for eu-west-1, one for ap-south-1", logged.String())
	}
	if !strings.Contains(lines[0], "level=WARN") || !strings.Contains(lines[0], "us-east-1") {
		t.Errorf("warning %q", lines[0])
	}
}

// TestRegionWarnerIsBounded: a caller writing a new region in every scope
// does not grow the warner's memory or the log without end.
func TestRegionWarnerIsBounded(t *testing.T) {
	var logged bytes.Buffer
	warn := RegionWarner(slog.New(slog.NewTextHandler(&logged, nil)))
	for i := range 1000 {
		warn(fmt.Sprintf("xx-region-%d", i))
	}
	if n := strings.Count(logged.String(), "\n"); n != maxWarnedRegions+1 {
		t.Errorf("%d lines logged, want %d and a last one saying no more are reported", n, maxWarnedRegions+1)
	}
	if !strings.Contains(logged.String(), "no more are reported") {
		t.Errorf("no last line:\n%s", logged.String())
	}
}
