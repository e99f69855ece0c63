package sqlstore

import "testing"

// TestBind: numbered placeholders in order, the same text on a second run,
// taken from the cache without renumbering (no allocation), and queries
// without ? or for ?-dialects as written.
func TestBind(t *testing.T) {
	pg, lite := &Dialect{NumberedParams: true}, &Dialect{}
	for _, tt := range []struct {
		d           *Dialect
		query, want string
	}{
		{pg, "SELECT a FROM t WHERE b = ? AND c IN (?, ?)", "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"},
		{pg, "SELECT 1", "SELECT 1"},
		{lite, "SELECT a FROM t WHERE b = ?", "SELECT a FROM t WHERE b = ?"},
	} {
		for run := range 2 {
			if got := tt.d.bind(tt.query); got != tt.want {
				t.Errorf("run %d: bind(%q) = %q, want %q", run, tt.query, got, tt.want)
			}
		}
		if n := testing.AllocsPerRun(10, func() { tt.d.bind(tt.query) }); n != 0 {
			t.Errorf("bind(%q) again allocates %v times", tt.query, n)
		}
	}
}

func BenchmarkBind(b *testing.B) {
	d := &Dialect{NumberedParams: true}
	q := `SELECT answer FROM opportunity_versions WHERE account = ? AND catalog = ? AND id = ? AND valid_to IS NULL`
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.bind(q)
		}
	})
	b.Run("uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			renumber(q)
		}
	})
}
