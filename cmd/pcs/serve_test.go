package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"pcs/selling"
)

func TestServeProspectingTime(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want time.Duration
	}{
		{"default", nil, nil, selling.DefaultProspectingTime},
		{"flag", []string{"-prospecting-time", "2m"}, nil, 2 * time.Minute},
		{"variable", nil, map[string]string{"PCS_PROSPECTING_TIME": "90s"}, 90 * time.Second},
		{"flag beats variable", []string{"-prospecting-time", "0s"}, map[string]string{"PCS_PROSPECTING_TIME": "1h"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.prospectingTime != tt.want {
				t.Errorf("prospectingTime = %v, want %v", cfg.prospectingTime, tt.want)
			}
		})
	}
}

// TestServeReviewComments: -review-comments (or PCS_REVIEW_COMMENTS) are
// the comments of the review policy's outcome; without it the policy has
// none, and an Action Required gets AWS's default ones (selling).
func TestServeReviewComments(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want selling.FixedReview
	}{
		{"default", nil, nil, selling.DefaultReview},
		{"flag", []string{"-review-outcome", "Action Required", "-review-comments", "Attach the estimate"}, nil,
			selling.FixedReview{Wait: selling.DefaultReview.Wait, Review: selling.DefaultReview.Review, Outcome: "Action Required", Comments: "Attach the estimate"}},
		{"variable", []string{"-review-outcome", "Rejected"}, map[string]string{"PCS_REVIEW_COMMENTS": "Duplicate"},
			selling.FixedReview{Wait: selling.DefaultReview.Wait, Review: selling.DefaultReview.Review, Outcome: "Rejected", Comments: "Duplicate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			p, err := cfg.reviewPolicy()
			if err != nil {
				t.Fatal(err)
			}
			if p != selling.ReviewPolicy(tt.want) {
				t.Errorf("review policy = %+v, want %+v", p, tt.want)
			}
		})
	}
}

func TestServeProspectingTimeErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"negative", []string{"-prospecting-time", "-1s"}, nil, "must not be negative"},
		{"not a duration", []string{"-prospecting-time", "soon"}, nil, "prospecting-time"},
		{"bad variable", nil, map[string]string{"PCS_PROSPECTING_TIME": "soon"}, "$PCS_PROSPECTING_TIME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestServeHelpNamesProspectingTime(t *testing.T) {
	var out strings.Builder
	err := run(context.Background(), []string{"serve", "-h"}, io.Discard, &out, env(nil))
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run = %v, want flag.ErrHelp", err)
	}
	for _, v := range []string{"-prospecting-time", "$PCS_PROSPECTING_TIME", `(default "5s")`} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("help lacks %s:\n%s", v, out.String())
		}
	}
}

func TestServeEventRetention(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want time.Duration // selling.Config.EventRetention
	}{
		{"default", nil, nil, selling.DefaultEventRetention},
		{"flag", []string{"-event-retention", "1h"}, nil, time.Hour},
		{"variable", nil, map[string]string{"PCS_EVENT_RETENTION": "90m"}, 90 * time.Minute},
		{"zero keeps every event", []string{"-event-retention", "0"}, nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			sc, err := cfg.server(nil, env(nil))
			if err != nil {
				t.Fatal(err)
			}
			if sc.Selling.EventRetention != tt.want {
				t.Errorf("selling.Config.EventRetention = %v, want %v", sc.Selling.EventRetention, tt.want)
			}
		})
	}
	if _, err := parseServeFlags([]string{"-event-retention", "-1h"}, io.Discard, env(nil)); err == nil ||
		!strings.Contains(err.Error(), "-event-retention -1h0m0s: must not be negative") {
		t.Errorf("a negative retention: %v", err)
	}
}
