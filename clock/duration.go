package clock

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDuration reads a duration of the pcs clock as users write it: a Go
// duration that may also use days, such as "15d" or "1d12h" (invitations
// expire in days, so users think in days).
func ParseDuration(s string) (time.Duration, error) {
	var total time.Duration
	rest := strings.TrimSpace(s)
	if i := strings.IndexByte(rest, 'd'); i > 0 {
		days, err := strconv.Atoi(rest[:i])
		if err != nil {
			return 0, fmt.Errorf("duration %q: %q is not a number of days", s, rest[:i])
		}
		total = time.Duration(days) * 24 * time.Hour
		rest = rest[i+1:]
	}
	if rest != "" {
		d, err := time.ParseDuration(rest)
		if err != nil {
			return 0, fmt.Errorf("duration %q: want forms like 90s, 15m, 2h or 15d", s)
		}
		total += d
	}
	if total == 0 && strings.TrimSpace(s) == "" {
		return 0, fmt.Errorf("empty duration")
	}
	return total, nil
}
