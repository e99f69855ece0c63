package bench

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The plain table's columns: name, width, right-aligned. Each scenario
// has a line for pcs and one for each baseline, whose ratios compare pcs
// with that baseline.
var columns = []struct {
	name  string
	width int
	right bool
}{
	{"store", 9, false}, {"size", 9, true}, {"scenario", 13, false}, {"server", 6, false},
	{"req/s", 8, true}, {"p50", 8, true}, {"p99", 8, true}, {"CPU/req", 8, true}, {"db CPU/req", 10, true}, {"allocs/req", 10, true},
	{"×req/s", 7, true}, {"×p50", 6, true}, {"×p99", 6, true}, {"×CPU", 6, true}, {"×allocs", 7, true},
	{"errors", 0, false},
}

func (r *Report) writeHeader(w io.Writer) {
	fmt.Fprintf(w, "pcs bench, %s, %s\n", r.Date.Format("2006-01-02 15:04 MST"), r.Machine)
	fmt.Fprintln(w, r.settings())
	for _, line := range r.legend() {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w)
	cells := make([]string, len(columns))
	for i, c := range columns {
		cells[i] = c.name
	}
	writeCells(w, cells)
}

// legend says what the servers and the ratios are.
func (r *Report) legend() []string {
	var lines []string
	for _, b := range r.Baselines {
		lines = append(lines, "baseline "+b+": "+baselineDescription(b, r.Auth))
	}
	lines = append(lines,
		"ratios on a baseline's line compare pcs with that baseline: ×req/s = baseline ÷ pcs; ×p50, ×p99, ×allocs = pcs ÷ baseline; "+
			"×CPU = (pcs CPU/req + db CPU/req) ÷ baseline CPU/req",
		"CPU/req, allocs/req: the server processes' CPU time (user + system, /proc/<pid>/stat) and heap allocations "+
			"(go_memstats_mallocs_total) over the measured time, per request served in it (for postgres2 both replicas'); "+
			"db CPU/req: the PostgreSQL backends serving pcs (by application_name), when PostgreSQL runs on this machine; - where not measured")
	return lines
}

func baselineDescription(kind, auth string) string {
	switch kind {
	case BaselineSigV4:
		how := "recomputes each signature with the secret (sigv4.Strict), as pcs serve -auth strict does"
		if auth == AuthLocal {
			how = "checks each signature's form and scope (sigv4.Local), as pcs serve -auth local does"
		}
		return "a bare net/http server that " + how + ", then answers the bytes pcs answered"
	case BaselineBare:
		return "a bare net/http server that reads the request and answers the bytes pcs answered, no signature check"
	}
	return kind
}

func (r *Report) settings() string {
	s := fmt.Sprintf("each run: %d keep-alive connections, %s warm-up, %s measured; ", r.Load.Concurrency, r.Load.Warmup, r.Load.Duration)
	if r.Endpoint != "" {
		s += "pcs at " + r.Endpoint
	} else {
		where := "in-process"
		if r.Exec {
			where = "as a child process"
		}
		s += fmt.Sprintf("pcs serve -auth %s %s, SQLite stores durable files in %s", r.Auth, where, r.Dir)
	}
	if r.ExecBaseline {
		return s + "; each baseline a child process"
	}
	return s + "; the baselines in-process"
}

func writeCells(w io.Writer, cells []string) {
	var b strings.Builder
	for i, c := range columns {
		if i > 0 {
			b.WriteString("  ")
		}
		pad := c.width - len([]rune(cells[i]))
		if c.right && pad > 0 {
			b.WriteString(strings.Repeat(" ", pad))
		}
		b.WriteString(cells[i])
		if !c.right && pad > 0 && i < len(columns)-1 {
			b.WriteString(strings.Repeat(" ", pad))
		}
	}
	fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
}

// line is one server's figures in a row, and its ratios when it is a
// baseline.
type line struct {
	server  string
	figures []string // req/s, p50, p99, CPU/req, db CPU/req, allocs/req
	ratios  []string // ×req/s, ×p50, ×p99, ×CPU, ×allocs; blanks for pcs
	errors  string
}

// lines are a row's: pcs's, then each baseline's.
func (row Row) lines() []line {
	p := row.PCS
	out := []line{{server: "pcs", figures: figures(p), ratios: []string{"", "", "", "", ""}, errors: countOrZero(p.Errors)}}
	for _, b := range row.Baselines {
		s := b.Stats
		out = append(out, line{
			server:  b.Kind,
			figures: figures(s),
			ratios: []string{
				ratio(s.RPS(), p.RPS()),
				ratio(float64(p.Percentile(50)), float64(s.Percentile(50))),
				ratio(float64(p.Percentile(99)), float64(s.Percentile(99))),
				ratio(float64(p.CPUPerRequest()+p.DBCPUPerRequest()), float64(s.CPUPerRequest())),
				ratio(p.AllocsPerRequest(), s.AllocsPerRequest()),
			},
			errors: countOrZero(s.Errors),
		})
	}
	return out
}

func figures(s *Stats) []string {
	return []string{formatRate(s.RPS()), formatDuration(s.Percentile(50)), formatDuration(s.Percentile(99)),
		formatCPU(s.CPUPerRequest()), formatCPU(s.DBCPUPerRequest()), formatAllocs(s.AllocsPerRequest())}
}

func writeRow(w io.Writer, row Row) {
	for _, l := range row.lines() {
		cells := []string{storeName(row.Store), formatSize(row.Size), row.Scenario.Name, l.server}
		cells = append(cells, l.figures...)
		cells = append(cells, l.ratios...)
		writeCells(w, append(cells, l.errors))
	}
}

func storeName(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeStores writes the figures outside the request path, and what each
// scenario's requests are.
func (r *Report) writeStores(w io.Writer) {
	fmt.Fprintln(w)
	seen := map[string]bool{}
	for _, row := range r.Rows {
		if !seen[row.Scenario.Name] {
			seen[row.Scenario.Name] = true
			fmt.Fprintf(w, "  %-13s  %s\n", row.Scenario.Name, row.Scenario.Title)
		}
	}
	for _, s := range r.Stores {
		fmt.Fprintf(w, "\n%s, %s opportunities: preloaded in %s (%s/s), %s on disk", s.Store, formatSize(s.Size),
			roundDuration(s.Load), formatRate(float64(s.Size)/s.Load.Seconds()), formatBytes(s.DiskBytes))
		if pm := perMillion(s.DiskBytes, s.Size); pm > 0 {
			fmt.Fprintf(w, " (%s per million)", formatBytes(pm))
		}
		fmt.Fprintln(w)
		if s.StartupHow != "" {
			fmt.Fprintf(w, "  start-up: %s until /_pcs/health answered (%s)\n", s.Startup.Round(time.Millisecond/10), startupHow(s.StartupHow))
		}
		if s.RSS > 0 {
			fmt.Fprintf(w, "  resident memory (VmRSS of pcs serve): %s idle, %s after warm-up", formatBytes(s.RSSIdle), formatBytes(s.RSS))
			if pm := perMillion(s.RSS, s.Size); pm > 0 {
				fmt.Fprintf(w, " (%s per million opportunities)", formatBytes(pm))
			}
			fmt.Fprintf(w, ", peak %s\n", formatBytes(s.PeakRSS))
		}
	}
}

func startupHow(how string) string {
	if how == "exec" {
		return "child process, from exec"
	}
	return "in-process: open the store, build the server, listen"
}

// Markdown writes the report as a section of docs/benchmarks.md.
func (r *Report) Markdown(w io.Writer) {
	fmt.Fprintf(w, "## %s — `pcs bench`\n\n", r.Date.Format("2006-01-02"))
	fmt.Fprintf(w, "Machine: %s.  \n", r.Machine)
	if r.Invocation != "" {
		fmt.Fprintf(w, "Command: `%s`  \n", r.Invocation)
	}
	fmt.Fprintf(w, "Settings: %s.  \n", r.settings())
	for _, l := range r.legend() {
		fmt.Fprintf(w, "%s.  \n", strings.ToUpper(l[:1])+l[1:])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| store | size | scenario | server | req/s | p50 | p99 | CPU/req | db CPU/req | allocs/req | ×req/s | ×p50 | ×p99 | ×CPU | ×allocs | errors |")
	fmt.Fprintln(w, "|---|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
	for _, row := range r.Rows {
		for _, l := range row.lines() {
			cells := []string{storeName(row.Store), formatSize(row.Size), row.Scenario.Title, l.server}
			cells = append(cells, l.figures...)
			cells = append(cells, l.ratios...)
			cells = append(cells, l.errors)
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
	}
	if len(r.Stores) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| store | size | preload | on disk | start-up | RSS idle | RSS after warm-up | RSS per million opportunities | peak RSS |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, s := range r.Stores {
		rss := func(v int64) string {
			if v == 0 {
				return "n/a"
			}
			return formatBytes(v)
		}
		fmt.Fprintf(w, "| %s | %s | %s (%s/s) | %s | %s (%s) | %s | %s | %s | %s |\n",
			s.Store, formatSize(s.Size), roundDuration(s.Load), formatRate(float64(s.Size)/s.Load.Seconds()),
			formatBytes(s.DiskBytes), s.Startup.Round(time.Millisecond/10), s.StartupHow,
			rss(s.RSSIdle), rss(s.RSS), rss(perMillion(s.RSS, s.Size)), rss(s.PeakRSS))
	}
}

// perMillion scales v, measured at n opportunities, to a million; 0 below
// 100,000, where fixed costs would be scaled up into nonsense.
func perMillion(v int64, n int) int64 {
	if n < 100_000 {
		return 0
	}
	return int64(float64(v) * 1e6 / float64(n))
}

func countOrZero(m map[string]int) string {
	if s := countSummary(m); s != "" {
		return s
	}
	return "0"
}

func countSummary(m map[string]int) string {
	type kv struct {
		k string
		n int
	}
	var all []kv
	for k, n := range m {
		all = append(all, kv{k, n})
	}
	slices.SortFunc(all, func(a, b kv) int { return cmp.Or(b.n-a.n, strings.Compare(a.k, b.k)) })
	var parts []string
	for _, e := range all {
		parts = append(parts, fmt.Sprintf("%d %s", e.n, e.k))
	}
	return strings.Join(parts, ", ")
}

// ratio is a ÷ b as "6.4×", or "-" when b is 0.
func ratio(a, b float64) string {
	if b == 0 || a == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f×", a/b)
}

// roundDuration keeps a preload's time to a tenth of a second, or to the
// millisecond under a second.
func roundDuration(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// formatCPU is CPU time per request in microseconds, "-" for none.
func formatCPU(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	us := float64(d) / float64(time.Microsecond)
	if us >= 100 {
		return fmt.Sprintf("%.0fµs", us)
	}
	return fmt.Sprintf("%.1fµs", us)
}

// formatAllocs is heap allocations per request, "-" for none measured.
func formatAllocs(v float64) string {
	if v <= 0 {
		return "-"
	}
	if v >= 100 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func formatRate(v float64) string {
	if v >= 100 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// formatDuration shows three significant digits in a unit fit for latency.
func formatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "-"
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
	case d < 100*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2fs", d.Seconds())
	}
}

// formatSize writes a store size with thousands separators, "-" for 0
// (a running pcs of unknown size).
func formatSize(n int) string {
	if n == 0 {
		return "-"
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d B", n)
	}
}
