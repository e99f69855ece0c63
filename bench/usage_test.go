package bench

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pcs/sigv4"
)

func TestParseStatCPU(t *testing.T) {
	// Fields 14 and 15 (utime, stime) are 250 and 50 ticks: 3 s.
	rest := " S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 1 0 100 2000 30"
	for _, tt := range []struct {
		stat string
		want time.Duration
		ok   bool
	}{
		{"42 (pcs)" + rest, 3 * time.Second, true},
		{"42 (pcs serve (x) y)" + rest, 3 * time.Second, true}, // a name with spaces and parentheses
		{"42 pcs" + rest, 0, false},
		{"42 (pcs) S 1 2", 0, false},
		{"42 (pcs) S 1 2 3 4 5 6 7 8 9 10 x 50 0", 0, false},
	} {
		got, err := parseStatCPU(tt.stat)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseStatCPU(%q) = %v, %v; want %v (ok %v)", tt.stat, got, err, tt.want, tt.ok)
		}
	}
	// This process has used some CPU, and its counters only grow.
	a, err := ProcessCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline); {
	}
	b, err := ProcessCPU(os.Getpid())
	if err != nil || b <= a {
		t.Errorf("CPU time %v after 0.3 s of spinning, %v before (%v)", b, a, err)
	}
}

func TestParseMallocs(t *testing.T) {
	for _, tt := range []struct {
		line string
		want uint64
		ok   bool
	}{
		{"go_memstats_mallocs_total 123456", 123456, true},
		{"go_memstats_mallocs_total 1.234567e+06", 1234567, true},
		{"# TYPE go_memstats_mallocs_total counter", 0, false},
		{"go_memstats_frees_total 5", 0, false},
		{"go_memstats_mallocs_total_other 5", 0, false},
		{"go_memstats_mallocs_total NaN-ish", 0, false},
	} {
		got, ok := parseMallocs(tt.line)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseMallocs(%q) = %d, %v; want %d, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

func TestUsageSubCountsBackendsByPID(t *testing.T) {
	before := Usage{CPU: time.Second, Allocs: 100, dbByPID: map[int]time.Duration{1: time.Second, 2: 3 * time.Second}}
	// Backend 1 used 1 s more, 2 ended, 3 started and used 0.5 s.
	after := Usage{CPU: 4 * time.Second, Allocs: 1100, dbByPID: map[int]time.Duration{1: 2 * time.Second, 3: 500 * time.Millisecond}}
	d := after.Sub(before)
	if d.CPU != 3*time.Second || d.Allocs != 1000 || d.DBCPU != 1500*time.Millisecond {
		t.Errorf("usage %+v, want 3s CPU, 1000 allocations, 1.5s of the database's", d)
	}
	if d := (Usage{CPU: 2 * time.Second}).Sub(Usage{CPU: time.Second}); d.CPU != time.Second || d.DBCPU != 0 {
		t.Errorf("without backends: %+v", d)
	}
}

// TestRunLoadMeters checks the server's counters are read as the
// measured time begins and once it ends, and divided by every request
// served then, the unmeasured ones included.
func TestRunLoadMeters(t *testing.T) {
	srv := newCountingServer(t, time.Millisecond, okAnswer)
	var readings atomic.Int64
	meter := func(context.Context) (Usage, error) {
		n := readings.Add(1)
		return Usage{CPU: time.Duration(n) * time.Second, Allocs: uint64(n) * 1000}, nil
	}
	step := func(ctx context.Context, w *Worker) error {
		if _, err := w.Prepare(ctx, "GetOpportunity", []byte(`{}`)); err != nil {
			return err
		}
		return checked(w.Call(ctx, "UpdateOpportunity", []byte(`{}`)))
	}
	st, err := RunLoad(context.Background(), Target{URL: srv.URL, Credential: testCredential, Meter: meter},
		Load{Concurrency: 2, Warmup: 30 * time.Millisecond, Duration: 100 * time.Millisecond}, step, nil)
	if err != nil {
		t.Fatal(err)
	}
	if readings.Load() != 2 || st.Server == nil || st.Server.CPU != time.Second || st.Server.Allocs != 1000 {
		t.Fatalf("%d readings, usage %+v; want two, 1s apart", readings.Load(), st.Server)
	}
	if st.Served != 2*st.Requests || st.Requests == 0 {
		t.Errorf("served %d, measured %d: want every Prepare counted as served", st.Served, st.Requests)
	}
	if got, want := st.CPUPerRequest(), time.Second/time.Duration(st.Served); got != want {
		t.Errorf("CPU per request %v, want %v", got, want)
	}
	if got := st.AllocsPerRequest(); got != 1000/float64(st.Served) {
		t.Errorf("allocations per request %v", got)
	}

	failing := func(context.Context) (Usage, error) { return Usage{}, errors.New("no /proc") }
	st, err = RunLoad(context.Background(), Target{URL: srv.URL, Credential: testCredential, Meter: failing},
		Load{Concurrency: 1, Duration: 30 * time.Millisecond}, getOnce, nil)
	if err != nil || st.Server != nil || st.UsageError == nil || st.ErrorCount() != 0 || st.CPUPerRequest() != 0 {
		t.Errorf("a failed reading: usage %+v, error %v, request errors %v (%v)", st.Server, st.UsageError, st.Errors, err)
	}
}

func TestReplicasSplitTheWorkers(t *testing.T) {
	var hits [2]atomic.Int64
	var urls []string
	for i := range hits {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			hits[i].Add(1)
			w.Write([]byte(`{}`))
		}))
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL)
	}
	step := func(ctx context.Context, w *Worker) error {
		return checked(w.Call(ctx, "GetOpportunity", []byte(`{}`)))
	}
	_, err := RunLoad(context.Background(), Target{Replicas: urls, Credential: testCredential},
		Load{Concurrency: 4, Duration: 50 * time.Millisecond}, step, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range hits {
		if hits[i].Load() == 0 {
			t.Errorf("replica %d got no request", i)
		}
	}
	for id := range 4 {
		w := newWorker(id, Target{Replicas: urls})
		if w.url != urls[id%2] {
			t.Errorf("worker %d sends to %s, want %s", id, w.url, urls[id%2])
		}
	}
}

// TestSigV4BaselineVerifies checks the SigV4 baseline refuses a request
// whose signature does not verify, and the bare one does not look.
func TestSigV4BaselineVerifies(t *testing.T) {
	answers := map[string]*Response{"GetOpportunity": {Status: 200, Body: []byte(`{"Id":"O1"}`)}}
	strict, err := BaselineAuth(AuthStrict, testCredential)
	if err != nil {
		t.Fatal(err)
	}
	local, _ := BaselineAuth(AuthLocal, testCredential)
	if _, err := BaselineAuth("none", testCredential); err == nil {
		t.Error("an unknown auth mode was accepted")
	}
	wrong := sigv4.Credential{AccessKeyID: testCredential.AccessKeyID, SecretAccessKey: "not the secret"}
	for _, tt := range []struct {
		name   string
		auth   sigv4.Authenticator
		signer *sigv4.Credential
		want   int
	}{
		{"strict, signed", strict, &testCredential, 200},
		{"strict, wrong secret", strict, &wrong, 403},
		{"strict, unsigned", strict, nil, 403},
		{"local, wrong secret", local, &wrong, 200},
		{"local, unsigned", local, nil, 403},
		{"bare, unsigned", nil, nil, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(BaselineHandler(answers, tt.auth))
			defer srv.Close()
			body := []byte(`{"Catalog":"AWS","Identifier":"O1"}`)
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(string(body)))
			req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.GetOpportunity")
			req.Header.Set("Content-Type", "application/x-amz-json-1.0")
			if tt.signer != nil {
				sigv4.Sign(req, body, *tt.signer, "us-east-1", sigv4.DefaultService, time.Now())
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("HTTP %d %s, want %d", resp.StatusCode, b, tt.want)
			}
		})
	}
}

// TestBaselineProcessAnswersAndCounts serves a baseline as its process
// does, from an answers file, and reads its allocations as pcs's are read.
func TestBaselineProcessAnswersAndCounts(t *testing.T) {
	file := t.TempDir() + "/answers.json"
	if err := WriteAnswers(file, map[string]*Response{"GetOpportunity": {Status: 200, Header: http.Header{"X-Amzn-Requestid": {"r"}}, Body: []byte(`{"Id":"O1"}`)}}); err != nil {
		t.Fatal(err)
	}
	addr, err := freeAddr()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- ServeBaseline(ctx, addr, file, nil) }()
	url := "http://" + addr
	if err := waitHealthy(ctx, url, errc); err != nil {
		t.Fatal(err)
	}
	st, err := RunLoad(ctx, Target{URL: url, Credential: testCredential, Meter: ProcessMeter(Process{PID: os.Getpid(), URL: url})},
		Load{Concurrency: 2, Duration: 100 * time.Millisecond}, getOnce, nil)
	if err != nil || st.ErrorCount() != 0 || string(st.Last["GetOpportunity"].Body) != `{"Id":"O1"}` {
		t.Fatalf("errors %v, last %v (%v)", st.Errors, st.Last, err)
	}
	// This process is client and server: each request allocates on both sides.
	if st.Server == nil || st.AllocsPerRequest() < 10 {
		t.Errorf("usage %+v, %.1f allocations per request", st.Server, st.AllocsPerRequest())
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("ServeBaseline: %v", err)
	}
}

func TestParseStoresAndBaselines(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"sqlite", "sqlite", true},
		{" postgres2, sqlite ,postgres,sqlite", "postgres2,sqlite,postgres", true},
		{"", "", false},
		{"sqlite,mysql", "", false},
	} {
		got, err := ParseStores(tt.in)
		if (err == nil) != tt.ok || strings.Join(got, ",") != tt.want {
			t.Errorf("ParseStores(%q) = %v, %v", tt.in, got, err)
		}
	}
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"sigv4", "sigv4", true},
		{"bare", "bare", true},
		{"both", "sigv4,bare", true},
		{"bare,both", "bare,sigv4", true},
		{" , ", "", false},
		{"none", "", false},
	} {
		got, err := ParseBaselines(tt.in)
		if (err == nil) != tt.ok || strings.Join(got, ",") != tt.want {
			t.Errorf("ParseBaselines(%q) = %v, %v", tt.in, got, err)
		}
	}
}

// TestRowLines checks each baseline's line compares pcs with it: req/s as
// baseline ÷ pcs, the rest as pcs ÷ baseline, CPU with the database's.
func TestRowLines(t *testing.T) {
	stats := func(requests int, p50 time.Duration, cpu, dbCPU time.Duration, allocs uint64) *Stats {
		return &Stats{Requests: requests, Served: requests, Elapsed: time.Second, Latencies: []time.Duration{p50},
			Server: &Usage{CPU: cpu, DBCPU: dbCPU, Allocs: allocs}}
	}
	row := Row{Store: "postgres", Size: 100, Scenario: Scenarios[0],
		PCS: stats(1000, 4*time.Millisecond, 150*time.Millisecond, 50*time.Millisecond, 300_000),
		Baselines: []BaselineRun{
			{Kind: BaselineSigV4, Stats: stats(2000, time.Millisecond, 50*time.Millisecond, 0, 100_000)},
			{Kind: BaselineBare, Stats: &Stats{Requests: 4000, Served: 4000, Elapsed: time.Second, Latencies: []time.Duration{time.Millisecond}}},
		}}
	lines := row.lines()
	want := []struct {
		server  string
		figures string
		ratios  string
	}{
		{"pcs", "1000 4.00ms 4.00ms 150µs 50.0µs 300", "    "},
		{"sigv4", "2000 1.00ms 1.00ms 25.0µs - 50.0", "2.0× 4.0× 4.0× 8.0× 6.0×"},
		{"bare", "4000 1.00ms 1.00ms - - -", "4.0× 4.0× 4.0× - -"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	for i, w := range want {
		l := lines[i]
		if l.server != w.server || strings.Join(l.figures, " ") != w.figures || strings.Join(l.ratios, " ") != w.ratios || l.errors != "0" {
			t.Errorf("line %d: %s | %s | %s | %s; want %s | %s | %s", i, l.server, strings.Join(l.figures, " "),
				strings.Join(l.ratios, " "), l.errors, w.server, w.figures, w.ratios)
		}
	}
}
