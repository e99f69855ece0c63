package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestDescribeBuild(t *testing.T) {
	const rev = "ac23d5644cd7e1d783c9d82d4e0feb1ca543848d"
	platform := " " + runtime.GOOS + "/" + runtime.GOARCH
	checkout := func(modified string) *debug.BuildInfo {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "pcs", Version: "v0.0.0-20261203091329-ac23d5644cd7"},
			Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
				{Key: "vcs.time", Value: "2026-12-03T09:13:29Z"}, {Key: "vcs.modified", Value: modified}}}
	}
	tests := []struct {
		name                  string
		version, commit, date string // set at link time
		bi                    *debug.BuildInfo
		want                  string
	}{
		{"go run: no stamp", "", "", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "pcs", Version: "(devel)"}},
			"devel (go1.26.8" + platform + "; commit unknown: go run records none, nor go build outside a git checkout; make build does)"},
		{"no build information", "", "", "", nil,
			"devel (" + runtime.Version() + platform + "; commit unknown: go run records none, nor go build outside a git checkout; make build does)"},
		{"go build in a clean checkout", "", "", "", checkout("false"),
			"v0.0.0-20261203091329-ac23d5644cd7 (commit ac23d5644cd7, committed 2026-12-03T09:13:29Z, go1.26.8" + platform + ")"},
		{"go build in a modified checkout", "", "", "", checkout("true"),
			"v0.0.0-20261203091329-ac23d5644cd7 (commit ac23d5644cd7-dirty, committed 2026-12-03T09:13:29Z, go1.26.8" + platform + ")"},
		{"make build in a worktree: only link-time values", "ac23d56-dirty", rev + "-dirty", "2026-12-03T10:00:00Z",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "pcs", Version: "(devel)"}},
			"ac23d56-dirty (commit ac23d5644cd7-dirty, built 2026-12-03T10:00:00Z, go1.26.8" + platform + ")"},
		{"make release of a tag: link-time values win", "v1.2.0", rev, "2026-12-04T08:00:00Z", checkout("false"),
			"v1.2.0 (commit ac23d5644cd7, built 2026-12-04T08:00:00Z, go1.26.8" + platform + ")"},
		{"go install of a tagged module: the version alone", "", "", "",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "example.com/pcs", Version: "v1.2.0"}},
			"v1.2.0 (go1.26.8" + platform + ")"},
		{"a commit without a version", "", rev, "", nil, "devel (commit ac23d5644cd7, " + runtime.Version() + platform + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := describeBuild(tt.version, tt.commit, tt.date, tt.bi).String(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
