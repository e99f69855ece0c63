package bench

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes where a benchmark ran.
type Machine struct {
	CPUs     int
	Model    string // CPU model name, "" when unknown
	MemBytes int64  // physical memory, 0 when unknown
	OS, Arch string
	Go       string
}

func (m Machine) String() string {
	s := fmt.Sprintf("%d CPUs", m.CPUs)
	if m.Model != "" {
		s += " (" + m.Model + ")"
	}
	if m.MemBytes > 0 {
		s += ", " + formatBytes(m.MemBytes) + " memory"
	}
	return s + fmt.Sprintf(", %s/%s, %s", m.OS, m.Arch, m.Go)
}

// ReadMachine describes this machine (model and memory from /proc on Linux).
func ReadMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version()}
	if v, ok := procField("/proc/cpuinfo", "model name"); ok {
		m.Model = v
	}
	if v, ok := procField("/proc/meminfo", "MemTotal"); ok {
		m.MemBytes = parseKB(v)
	}
	return m
}

// ProcessMemory returns a process's resident memory now (VmRSS) and its
// high-water mark (VmHWM), in bytes; 0 where /proc does not say.
func ProcessMemory(pid int) (rss, peak int64) {
	status := fmt.Sprintf("/proc/%d/status", pid)
	if v, ok := procField(status, "VmRSS"); ok {
		rss = parseKB(v)
	}
	if v, ok := procField(status, "VmHWM"); ok {
		peak = parseKB(v)
	}
	return rss, peak
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(path, key string) (string, bool) {
	f, err := os.Open(path)
	if err != nil {
		return "", false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

// parseKB reads "12345 kB" as bytes.
func parseKB(v string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(v, "kB")), 10, 64)
	if err != nil {
		return 0
	}
	return n << 10
}
