package realism

import (
	"testing"
	"time"
)

func TestForLevel(t *testing.T) {
	tests := []struct {
		level   string
		want    Config
		wantErr bool
	}{
		{"off", Config{}, false},
		{"", Config{}, false},
		{"strict", Config{HTMLEntities: true, ReadLag: DefaultReadLag, SpendType: true}, false},
		{"Strict", Config{}, true},
		{"aws", Config{}, true},
	}
	for _, tt := range tests {
		got, err := ForLevel(tt.level)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ForLevel(%q) = %+v, %v; want %+v, error %v", tt.level, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestConfigString(t *testing.T) {
	tests := []struct {
		c    Config
		want string
	}{
		{Config{}, "off"},
		{Strict(), "strict"},
		{Config{HTMLEntities: true}, "html-entities"},
		{Config{ReadLag: 10 * time.Second, SpendType: true}, "read-lag=10s,spend-type"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.c, got, tt.want)
		}
		if got := tt.c.On(); got != (tt.want != "off") {
			t.Errorf("%+v.On() = %v", tt.c, got)
		}
	}
}

// TestOffChangesNothing: with no quirk on, the API gets the service itself
// and its answers are sent as encoded.
func TestOffChangesNothing(t *testing.T) {
	var svc fakeService
	if got := Wrap(svc, nil, Config{}); got != svc {
		t.Errorf("Wrap with no quirk = %T, want the service itself", got)
	}
	if (Config{}).RewriteOutput() != nil || (Config{HTMLEntities: true, ReadLag: time.Second}).RewriteOutput() != nil {
		t.Error("RewriteOutput is set without -quirk-spend-type")
	}
	if Wrap(svc, nil, Config{SpendType: true}) != svc {
		t.Error("-quirk-spend-type alone wraps the service")
	}
	if (Config{}).OutputDeviations() != nil {
		t.Error("deviations without a quirk")
	}
}

func TestCheck(t *testing.T) {
	if err := (Config{ReadLag: -time.Second}).Check(); err == nil {
		t.Error("a negative lag passes")
	}
	if err := Strict().Check(); err != nil {
		t.Error(err)
	}
}
