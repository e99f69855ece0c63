package clock

import (
	"testing"
	"time"
)

func TestOffsetResetGoesBack(t *testing.T) {
	base := NewFixed(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	c := NewOffset(base, time.Hour)
	ahead := c.Now()
	c.Reset()
	if got := c.Now(); !got.Equal(base.Now()) || !got.Before(ahead) || c.Skew() != 0 {
		t.Errorf("after Reset: %v (skew %v), want the base's %v", got, c.Skew(), base.Now())
	}
	// Past the reset it never goes back again.
	c.Advance(time.Minute)
	c.Now()
	base.Advance(-time.Second)
	if got := c.Now(); !got.Equal(base.Now().Add(time.Minute + time.Second)) {
		t.Errorf("the clock went back after the reset: %v", got)
	}
}
