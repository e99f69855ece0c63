package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"pcs/realism"
)

// TestServeRealism: -realism names a level; a -quirk-* flag given, on the
// command line or by its variable, wins over it.
func TestServeRealism(t *testing.T) {
	strict := realism.Strict()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    realism.Config
		wantErr string
	}{
		{"default: off", nil, nil, realism.Config{}, ""},
		{"strict", []string{"-realism", "strict"}, nil, strict, ""},
		{"strict by variable", nil, map[string]string{"PCS_REALISM": "strict"}, strict, ""},
		{"one quirk", []string{"-quirk-spend-type"}, nil, realism.Config{SpendType: true}, ""},
		{"a lag", []string{"-quirk-read-lag", "10s"}, nil, realism.Config{ReadLag: 10 * time.Second}, ""},
		{"strict with a longer lag", []string{"-realism", "strict", "-quirk-read-lag", "10s"}, nil,
			realism.Config{HTMLEntities: true, ReadLag: 10 * time.Second, SpendType: true}, ""},
		{"strict without one", []string{"-realism", "strict", "-quirk-html-entities=false"}, nil,
			realism.Config{ReadLag: realism.DefaultReadLag, SpendType: true}, ""},
		{"strict without one by variable", []string{"-realism", "strict"}, map[string]string{"PCS_QUIRK_READ_LAG": "0s"},
			realism.Config{HTMLEntities: true, SpendType: true}, ""},
		{"unknown level", []string{"-realism", "aws"}, nil, realism.Config{}, `-realism "aws": want off or strict`},
		{"negative lag", []string{"-quirk-read-lag", "-1s"}, nil, realism.Config{}, "-quirk-read-lag: read lag -1s: must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.realism.quirks != tt.want {
				t.Errorf("quirks = %+v, want %+v", cfg.realism.quirks, tt.want)
			}
			sc, err := cfg.server(nil, env(nil))
			if err != nil {
				t.Fatal(err)
			}
			if sc.Realism != tt.want {
				t.Errorf("server.Config.Realism = %+v, want %+v", sc.Realism, tt.want)
			}
		})
	}
}
