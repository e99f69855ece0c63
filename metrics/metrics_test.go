package metrics_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"pcs/event"
	"pcs/internal/apitest"
	"pcs/server"
)

const token = "s3cret"

// scrape reads GET /_pcs/metrics and parses the text format.
func scrape(t *testing.T, s *apitest.Server) map[string]*dto.MetricFamily {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/_pcs/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: HTTP %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("metrics are not the text format: %v", err)
	}
	return families
}

// value is the value of the series name{labels} (counter, gauge, or a
// histogram's count), and whether it exists.
func value(families map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	f := families[name]
	if f == nil {
		return 0, false
	}
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// TestMetrics runs a pcs with a webhook that fails once, makes a few calls,
// and reads the series they leave.
func TestMetrics(t *testing.T) {
	var calls atomic.Int32
	webhook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "down", http.StatusServiceUnavailable)
		}
	}))
	defer webhook.Close()
	s := apitest.NewWith(t, server.Config{AdminToken: token, Version: "v9.8.7",
		EventTargets: []event.Target{{Name: "crm", Sender: &event.Webhook{URL: webhook.URL}}}})
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { defer close(ran); s.PCS.Run(ctx) }()
	defer func() { cancel(); <-ran }()

	s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
	s.OK("ListSolutions", map[string]any{"Catalog": "Sandbox"})
	s.Fail("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": "O1234567890"}, "ResourceNotFoundException")
	s.Fail("GetOpportunity", map[string]any{"Catalog": "AWS"}, "ValidationException")
	s.Fail("NoSuchOperation", "{}", "UnknownOperationException")
	// AWS refers an opportunity: an invitation event, and its expiry job.
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/_pcs/sim/referral",
		strings.NewReader(`{"Account":"`+s.Account+`","Catalog":"Sandbox"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("sim referral: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	var families map[string]*dto.MetricFamily
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		families = scrape(t, s)
		if n, _ := value(families, "pcs_event_deliveries_total", "target", "crm"); n >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no event delivered within 5 s")
		}
	}

	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"pcs_requests_total", []string{"operation", "ListSolutions", "status", "200"}, 2},
		{"pcs_requests_total", []string{"operation", "GetOpportunity", "status", "400"}, 2},
		{"pcs_requests_total", []string{"operation", "unknown", "status", "400"}, 1},
		{"pcs_request_duration_seconds", []string{"operation", "ListSolutions"}, 2},
		{"pcs_request_duration_seconds", []string{"operation", "GetOpportunity"}, 2},
		{"pcs_request_errors_total", []string{"operation", "GetOpportunity", "type", "ResourceNotFoundException"}, 1},
		{"pcs_request_errors_total", []string{"operation", "GetOpportunity", "type", "ValidationException"}, 1},
		{"pcs_request_errors_total", []string{"operation", "unknown", "type", "UnknownOperationException"}, 1},
		{"pcs_event_delivery_failures_total", []string{"target", "crm"}, 1},
		{"pcs_build_info", []string{"version", "v9.8.7"}, 1},
	} {
		if got, ok := value(families, c.name, c.labels...); !ok || got != c.want {
			t.Errorf("%s%v = %v (present: %v), want %v", c.name, c.labels, got, ok, c.want)
		}
	}
	delivered, _ := value(families, "pcs_event_deliveries_total", "target", "crm")
	if lags, _ := value(families, "pcs_event_delivery_lag_seconds", "target", "crm"); lags != delivered {
		t.Errorf("%v lags observed for %v deliveries", lags, delivered)
	}
	if n, _ := value(families, "pcs_jobs_pending"); n != 1 {
		t.Errorf("pcs_jobs_pending = %v, want 1: the invitation's expiry", n)
	}
	if n, ok := value(families, "pcs_store_size_bytes"); !ok || n <= 0 {
		t.Errorf("pcs_store_size_bytes = %v (present: %v)", n, ok)
	}
	if _, ok := value(families, "go_goroutines"); !ok {
		t.Error("no go_goroutines: the Go collector is missing")
	}

	// Another pcs in the same process counts on its own.
	other := apitest.NewWith(t, server.Config{AdminToken: token})
	other.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
	theirs := scrape(t, other)
	if n, _ := value(theirs, "pcs_requests_total", "operation", "ListSolutions", "status", "200"); n != 1 {
		t.Errorf("the other pcs counts %v ListSolutions, want its own 1", n)
	}
	if n, ok := value(theirs, "pcs_jobs_pending"); !ok || n != 0 {
		t.Errorf("the other pcs has pcs_jobs_pending %v (present: %v), want 0", n, ok)
	}
}

func TestMetricsNeedTheToken(t *testing.T) {
	s := apitest.NewWith(t, server.Config{AdminToken: token})
	resp, err := http.Get(s.URL + "/_pcs/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the token: HTTP %d, want 401", resp.StatusCode)
	}
}
