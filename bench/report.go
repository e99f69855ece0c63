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

// The plain table's columns: name, width, right-aligned.
var columns = []struct {
	name  string
	width int
	right bool
}{
	{"store", 9, true}, {"scenario", 13, false},
	{"req/s", 8, true}, {"p50", 8, true}, {"p99", 8, true},
	{"base req/s", 10, true}, {"base p50", 8, true}, {"base p99", 8, true},
	{"×req/s", 7, true}, {"×p50", 6, true}, {"×p99", 6, true},
	{"errors", 0, false},
}

func (r *Report) writeHeader(w io.Writer) {
	fmt.Fprintf(w, "pcs bench, %s, %s\n", r.Date.Format("2006-01-02 15:04 MST"), r.Machine)
	fmt.Fprintln(w, r.settings())
	fmt.Fprintln(w, "baseline (base): a bare net/http server answering the bytes pcs answered, same client and load;")
	fmt.Fprintln(w, "×req/s = baseline req/s ÷ pcs req/s, ×p50 and ×p99 = pcs ÷ baseline")
	fmt.Fprintln(w)
	cells := make([]string, len(columns))
	for i, c := range columns {
		cells[i] = c.name
	}
	writeCells(w, cells)
}

func (r *Report) settings() string {
	s := fmt.Sprintf("each run: %d keep-alive connections, %s warm-up, %s measured; ", r.Load.Concurrency, r.Load.Warmup, r.Load.Duration)
	if r.Endpoint != "" {
		return s + "pcs at " + r.Endpoint
	}
	return s + "pcs serve in-process on a durable file store in " + r.Dir
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

func writeRow(w io.Writer, row Row) {
	p, b := row.PCS, row.Baseline
	writeCells(w, []string{
		formatSize(row.Size), row.Scenario.Name,
		formatRate(p.RPS()), formatDuration(p.Percentile(50)), formatDuration(p.Percentile(99)),
		formatRate(b.RPS()), formatDuration(b.Percentile(50)), formatDuration(b.Percentile(99)),
		ratio(b.RPS(), p.RPS()), ratio(float64(p.Percentile(50)), float64(b.Percentile(50))),
		ratio(float64(p.Percentile(99)), float64(b.Percentile(99))),
		errorSummary(p, b),
	})
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
		fmt.Fprintf(w, "\n%s opportunities: preloaded in %s (%s/s), %s on disk", formatSize(s.Size),
			s.Load.Round(100*time.Millisecond), formatRate(float64(s.Size)/s.Load.Seconds()), formatBytes(s.DiskBytes))
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
	fmt.Fprintln(w, "Baseline: a bare `net/http` server answering the bytes pcs answered, same client and load. "+
		"Ratios: req/s is baseline ÷ pcs, p50 and p99 are pcs ÷ baseline.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| store | scenario | req/s | p50 | p99 | baseline req/s | baseline p50 | baseline p99 | ratio req/s | ratio p50 | ratio p99 | errors |")
	fmt.Fprintln(w, "|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
	for _, row := range r.Rows {
		p, b := row.PCS, row.Baseline
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			formatSize(row.Size), row.Scenario.Title,
			formatRate(p.RPS()), formatDuration(p.Percentile(50)), formatDuration(p.Percentile(99)),
			formatRate(b.RPS()), formatDuration(b.Percentile(50)), formatDuration(b.Percentile(99)),
			ratio(b.RPS(), p.RPS()), ratio(float64(p.Percentile(50)), float64(b.Percentile(50))),
			ratio(float64(p.Percentile(99)), float64(b.Percentile(99))), errorSummary(p, b))
	}
	if len(r.Stores) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| store | preload | on disk | start-up | RSS idle | RSS after warm-up | RSS per million opportunities | peak RSS |")
	fmt.Fprintln(w, "|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, s := range r.Stores {
		rss := func(v int64) string {
			if v == 0 {
				return "n/a"
			}
			return formatBytes(v)
		}
		fmt.Fprintf(w, "| %s | %s (%s/s) | %s | %s (%s) | %s | %s | %s | %s |\n",
			formatSize(s.Size), s.Load.Round(100*time.Millisecond), formatRate(float64(s.Size)/s.Load.Seconds()),
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

func errorSummary(p, b *Stats) string {
	s := countSummary(p.Errors)
	if n := b.ErrorCount(); n > 0 {
		if s == "" {
			s = "0"
		}
		s += "; baseline " + countSummary(b.Errors)
	}
	if s == "" {
		return "0"
	}
	return s
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
