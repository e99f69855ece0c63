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

func TestOffsetSet(t *testing.T) {
	base := NewFixed(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	c := NewOffset(base, 0)
	c.Set(time.Hour)
	if got := c.Now(); !got.Equal(base.Now().Add(time.Hour)) {
		t.Errorf("after Set(1h): %v, want an hour ahead of %v", got, base.Now())
	}
	c.Set(time.Minute) // a reset elsewhere, then a move: back it goes
	if got := c.Now(); !got.Equal(base.Now().Add(time.Minute)) || c.Skew() != time.Minute {
		t.Errorf("after Set(1m): %v (skew %v), want a minute ahead of %v", got, c.Skew(), base.Now())
	}
}
