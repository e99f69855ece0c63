package main

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// What the build says about itself, set at link time by make build and
// make release (-ldflags "-X main.version=... -X main.commit=... -X
// main.date=..."). Each one set wins over the module's build information,
// which go build stamps in a git checkout but not in a linked worktree
// (its .git is a file, which go does not take for a repository) nor under
// go run.
var (
	version string // git describe --tags --always --dirty
	commit  string // the full revision, "-dirty" appended for a modified tree
	date    string // when it was built, RFC 3339 in UTC
)

// buildDescription is what pcs knows of the build it runs.
type buildDescription struct {
	version   string // a tag, a pseudo-version, or "" when unknown
	commit    string // the revision, "-dirty" appended for a modified tree; "" when unknown
	date      string // the build's or, failing that, the commit's time
	dateKind  string // "built" or "committed"
	toolchain string // Go version and platform
}

// describeBuild merges the link-time values with the build information
// (nil when the binary has none).
func describeBuild(linkVersion, linkCommit, linkDate string, bi *debug.BuildInfo) buildDescription {
	d := buildDescription{toolchain: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	var revision, modified, vcsTime string
	if bi != nil {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			d.version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			case "vcs.time":
				vcsTime = s.Value
			}
		}
		if bi.GoVersion != "" {
			d.toolchain = bi.GoVersion + " " + runtime.GOOS + "/" + runtime.GOARCH
		}
	}
	if revision != "" {
		d.commit = revision
		if modified == "true" {
			d.commit += "-dirty"
		}
	}
	if vcsTime != "" {
		d.date, d.dateKind = vcsTime, "committed"
	}
	if linkVersion != "" {
		d.version = linkVersion
	}
	if linkCommit != "" {
		d.commit = linkCommit
	}
	if linkDate != "" {
		d.date, d.dateKind = linkDate, "built"
	}
	return d
}

// String is one line: the version, then the commit, the date and the
// toolchain, or why pcs cannot say which source it was built from.
func (d buildDescription) String() string {
	var details []string
	if d.commit != "" {
		details = append(details, "commit "+shortCommit(d.commit))
	}
	if d.date != "" {
		details = append(details, d.dateKind+" "+d.date)
	}
	details = append(details, d.toolchain)
	v, note := d.version, ""
	if v == "" {
		v = "devel"
		if d.commit == "" {
			note = "; commit unknown: go run records none, nor go build outside a git checkout; make build does"
		}
	}
	return v + " (" + strings.Join(details, ", ") + note + ")"
}

// shortCommit abbreviates a full revision to 12 hex digits, keeping a
// "-dirty" suffix.
func shortCommit(c string) string {
	rev, dirty := strings.CutSuffix(c, "-dirty")
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}

// versionString describes this build: "pcs version" prints it, pcs serve
// logs it and GET /_pcs/health reports it.
func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return describeBuild(version, commit, date, bi).String()
}
