package bench

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pcs/sigv4"
)

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one sample is every percentile", ms(7), 1, 7 * time.Millisecond},
		{"one sample p100", ms(7), 100, 7 * time.Millisecond},
		{"median of odd count", ms(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"median of even count is the lower middle", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99 of 100 is the 99th", ms(hundred...), 99, 99 * time.Millisecond},
		{"p50 of 100 is the 50th", ms(hundred...), 50, 50 * time.Millisecond},
		{"p100 is the maximum", ms(hundred...), 100, 100 * time.Millisecond},
		{"p99 of 10 is the maximum", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"p90 of 10", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Millisecond},
		{"p0 is the minimum", ms(3, 4), 0, 3 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

var testCredential = sigv4.Credential{AccessKeyID: "111111111111", SecretAccessKey: "x"}

// countingServer answers after a delay and records what the load looked
// like from the server's side.
type countingServer struct {
	*httptest.Server
	conns, inflight, maxInflight, requests atomic.Int64
	unsigned                               atomic.Int64
}

func newCountingServer(t *testing.T, delay time.Duration, answer func(n int64, w http.ResponseWriter)) *countingServer {
	s := &countingServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.requests.Add(1)
		cur := s.inflight.Add(1)
		defer s.inflight.Add(-1)
		for {
			m := s.maxInflight.Load()
			if cur <= m || s.maxInflight.CompareAndSwap(m, cur) {
				break
			}
		}
		if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=111111111111/") ||
			r.Header.Get("X-Amz-Date") == "" || r.Header.Get("X-Amz-Target") != "AWSPartnerCentralSelling.GetOpportunity" {
			s.unsigned.Add(1)
		}
		time.Sleep(delay)
		answer(n, w)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func okAnswer(_ int64, w http.ResponseWriter) { w.Write([]byte(`{}`)) }

func getOnce(ctx context.Context, w *Worker) error {
	return checked(w.Call(ctx, "GetOpportunity", []byte(`{"Catalog":"AWS","Identifier":"O1"}`)))
}

func TestRunLoadKeepsConcurrencyAndTime(t *testing.T) {
	srv := newCountingServer(t, 5*time.Millisecond, okAnswer)
	load := Load{Concurrency: 3, Warmup: 50 * time.Millisecond, Duration: 200 * time.Millisecond}
	began := time.Now()
	st, err := RunLoad(context.Background(), Target{URL: srv.URL, Credential: testCredential}, load, getOnce, nil)
	took := time.Since(began)
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.maxInflight.Load(); got != 3 {
		t.Errorf("at most %d requests were in flight at once, want the concurrency, 3", got)
	}
	if got := srv.conns.Load(); got != 3 {
		t.Errorf("%d connections opened, want one keep-alive connection per worker (3)", got)
	}
	if n := srv.unsigned.Load(); n > 0 {
		t.Errorf("%d requests were not signed AWS JSON requests", n)
	}
	// A step already running when the time is up finishes: one 5ms request.
	if took < load.Warmup+load.Duration || took > load.Warmup+load.Duration+150*time.Millisecond {
		t.Errorf("the run took %v, want about %v", took, load.Warmup+load.Duration)
	}
	if st.Elapsed < load.Duration || st.Elapsed > load.Duration+150*time.Millisecond {
		t.Errorf("measured time %v, want about %v", st.Elapsed, load.Duration)
	}
	// Warm-up requests are not counted: the server saw more than were measured.
	if st.Requests == 0 || int64(st.Requests) >= srv.requests.Load() {
		t.Errorf("measured %d of %d requests; want some, and not the warm-up's", st.Requests, srv.requests.Load())
	}
	if len(st.Latencies) != st.Requests || st.ErrorCount() != 0 {
		t.Errorf("%d latencies for %d requests, errors %v", len(st.Latencies), st.Requests, st.Errors)
	}
	if p50 := st.Percentile(50); p50 < 5*time.Millisecond {
		t.Errorf("p50 %v is below the server's 5ms delay", p50)
	}
	if st.Last["GetOpportunity"] == nil || string(st.Last["GetOpportunity"].Body) != "{}" {
		t.Errorf("the last answer was not kept: %v", st.Last)
	}
}

func TestRunLoadCountsErrors(t *testing.T) {
	srv := newCountingServer(t, 0, func(n int64, w http.ResponseWriter) {
		switch n % 3 {
		case 0:
			w.Header().Set("x-amzn-ErrorType", "ConflictException:http://internal.amazon.com/coral/com.amazon.partnerintegrationapi.common/")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"__type":"com.amazon.partnerintegrationapi.common#ConflictException","Message":"no"}`))
		case 1:
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"__type":"com.amazon.partnerintegrationapi.common#InternalServerException"}`))
		default:
			w.Write([]byte(`{}`))
		}
	})
	load := Load{Concurrency: 2, Duration: 100 * time.Millisecond}
	st, err := RunLoad(context.Background(), Target{URL: srv.URL, Credential: testCredential}, load, getOnce, nil)
	if err != nil {
		t.Fatal(err)
	}
	// No warm-up: every request the server saw was measured.
	total := srv.requests.Load()
	if int64(st.Requests) != total {
		t.Errorf("measured %d requests, the server answered %d", st.Requests, total)
	}
	conflicts, internal := st.Errors["ConflictException"], st.Errors["InternalServerException"]
	if int64(conflicts) != total/3 || int64(internal) != (total+2)/3 || len(st.Errors) != 2 {
		t.Errorf("errors %v of %d requests, want %d ConflictException and %d InternalServerException",
			st.Errors, total, total/3, (total+2)/3)
	}
}

func TestRunLoadCountsTransportErrors(t *testing.T) {
	addr, err := freeAddr() // nothing listens there
	if err != nil {
		t.Fatal(err)
	}
	st, err := RunLoad(context.Background(), Target{URL: "http://" + addr, Credential: testCredential},
		Load{Concurrency: 1, Duration: 30 * time.Millisecond}, getOnce, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Requests != 0 || st.Errors["transport"] == 0 || len(st.Errors) != 1 {
		t.Errorf("requests %d, errors %v; want only transport errors", st.Requests, st.Errors)
	}
}

func TestRunLoadStopsWhenCancelled(t *testing.T) {
	srv := newCountingServer(t, 10*time.Millisecond, okAnswer)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	began := time.Now()
	_, err := RunLoad(ctx, Target{URL: srv.URL, Credential: testCredential}, Load{Concurrency: 2, Duration: time.Minute}, getOnce, nil)
	if err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if took := time.Since(began); took > time.Second {
		t.Errorf("stopping took %v", took)
	}
}

func TestRunLoadPreparesWorkers(t *testing.T) {
	srv := newCountingServer(t, 0, okAnswer)
	var mu sync.Mutex
	ids := map[int]bool{}
	step := func(ctx context.Context, w *Worker) error {
		mu.Lock()
		ids[w.ID] = w.State.(string) == "ready"
		mu.Unlock()
		// Not measured: the server sees it, the stats do not.
		_, err := w.Prepare(ctx, "GetOpportunity", []byte(`{}`))
		return err
	}
	st, err := RunLoad(context.Background(), Target{URL: srv.URL, Credential: testCredential},
		Load{Concurrency: 2, Duration: 20 * time.Millisecond}, step, func(w *Worker) { w.State = "ready" })
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || !ids[0] || !ids[1] {
		t.Errorf("workers seen: %v", ids)
	}
	if st.Requests != 0 || srv.requests.Load() == 0 {
		t.Errorf("Prepare was measured: %d requests", st.Requests)
	}
}
