package main

import (
	"os"
	"runtime/debug"
	"testing"
)

// TestGCTarget: pcs serve's collector target is gcPercent unless GOGC is
// set, which is left to rule.
func TestGCTarget(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "100") // restored when the test ends
	os.Unsetenv("GOGC")
	setGCTarget()
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("without GOGC: %d, want %d", got, gcPercent)
	}
	t.Setenv("GOGC", "100")
	setGCTarget()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC=100: %d, want 100 as GOGC says", got)
	}
}
