package bench

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// Usage is what server processes spent: CPU time (user and system) and
// heap objects allocated, as counters read at two moments.
type Usage struct {
	CPU    time.Duration
	Allocs uint64
	// DBCPU is the CPU time of the PostgreSQL backends serving the pcs
	// processes (0 for SQLite, which runs inside pcs), and dbByPID what
	// each used so far, to subtract by backend: the pool may open one
	// between two readings.
	DBCPU   time.Duration
	dbByPID map[int]time.Duration
}

// Sub is u − v, the usage between two readings. A backend only in u
// counts whole (it started in between), one only in v not at all.
func (u Usage) Sub(v Usage) Usage {
	d := Usage{CPU: u.CPU - v.CPU, Allocs: u.Allocs - v.Allocs}
	if u.dbByPID == nil {
		d.DBCPU = u.DBCPU - v.DBCPU
		return d
	}
	for pid, cpu := range u.dbByPID {
		d.DBCPU += cpu - v.dbByPID[pid]
	}
	return d
}

// Meter reads the usage counters of a load's server processes, summed.
type Meter func(ctx context.Context) (Usage, error)

// Process is one server process the harness started: its pid (CPU from
// /proc) and its URL (allocations from its /_pcs/metrics).
type Process struct {
	PID int
	URL string
}

// ProcessMeter sums the usage of processes: CPU time from
// /proc/<pid>/stat, heap allocations from go_memstats_mallocs_total at
// /_pcs/metrics (pcs serve's, through its Prometheus Go collector, and the
// baseline's, which serves that one series). Both servers are read the
// same way.
func ProcessMeter(procs ...Process) Meter { return processMeter(procs, nil) }

// processMeter is ProcessMeter adding, when backends is set, the CPU time
// of the database backends it lists.
func processMeter(procs []Process, backends func(context.Context) ([]int, error)) Meter {
	client := &http.Client{Timeout: 10 * time.Second}
	return func(ctx context.Context) (Usage, error) {
		var total Usage
		if backends != nil {
			pids, err := backends(ctx)
			if err != nil {
				return Usage{}, err
			}
			total.dbByPID = map[int]time.Duration{}
			for _, pid := range pids {
				// A backend that ended since it was listed used nothing more.
				if cpu, err := ProcessCPU(pid); err == nil {
					total.dbByPID[pid] = cpu
					total.DBCPU += cpu
				}
			}
		}
		for _, p := range procs {
			cpu, err := ProcessCPU(p.PID)
			if err != nil {
				return Usage{}, err
			}
			allocs, err := readMallocs(ctx, client, p.URL)
			if err != nil {
				return Usage{}, err
			}
			total.CPU += cpu
			total.Allocs += allocs
		}
		return total, nil
	}
}

// clockTicks is the unit of /proc/<pid>/stat's times (USER_HZ): 100 on
// every Linux architecture Go supports.
const clockTicks = 100

// ProcessCPU is the CPU time (utime + stime) a process has used.
func ProcessCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("the CPU time of process %d: %w", pid, err)
	}
	return parseStatCPU(string(b))
}

// parseStatCPU reads utime and stime (fields 14 and 15) of a
// /proc/<pid>/stat line. The command name (field 2, in parentheses) may
// hold spaces and parentheses, so fields are counted from its last ')'.
func parseStatCPU(stat string) (time.Duration, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc stat %q: no command name", stat)
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state), so utime (14) is f[11] and stime (15) f[12].
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc stat: %d fields after the command name, want at least 13", len(f))
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc stat: CPU time %q: %w", s, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// mallocsSeries is the Go collector's count of heap objects allocated.
const mallocsSeries = "go_memstats_mallocs_total"

func readMallocs(ctx context.Context, client *http.Client, url string) (uint64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/_pcs/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("read allocations: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("read allocations: GET %s/_pcs/metrics: HTTP %d", url, resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := parseMallocs(sc.Text()); ok {
			return v, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read allocations: %w", err)
	}
	return 0, fmt.Errorf("read allocations: %s/_pcs/metrics has no %s", url, mallocsSeries)
}

// parseMallocs reads the value of a "go_memstats_mallocs_total N" line of
// the Prometheus text format (N may be written as a float: 1.234e+06).
func parseMallocs(line string) (uint64, bool) {
	name, value, ok := strings.Cut(line, " ")
	if !ok || name != mallocsSeries {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil || v < 0 {
		return 0, false
	}
	return uint64(v), true
}
