// Package bench measures pcs over HTTP as its clients use it: a load
// generator sending SigV4-signed requests over keep-alive connections at a
// chosen concurrency for a bounded time, the scenarios of a CRM
// integration (reads, filtered listings, durable creates, optimistic-lock
// updates, an incremental sync), and, in the same run, a bare net/http
// server answering the same bytes, so that every figure is also a ratio to
// what HTTP alone costs on the machine.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"pcs/sigv4"
)

// Target is where a load goes and whose signature its requests carry.
type Target struct {
	URL string
	// Replicas, when set, are several servers of one state: worker i
	// sends its requests to Replicas[i % len(Replicas)] (URL is then
	// unused).
	Replicas   []string
	Credential sigv4.Credential
	Region     string // "" means us-east-1
	// Meter, when set, reads the server processes' CPU time and
	// allocations at the start and the end of the measured time.
	Meter Meter
}

// url is where worker id sends its requests.
func (t Target) url(id int) string {
	if len(t.Replicas) > 0 {
		return t.Replicas[id%len(t.Replicas)]
	}
	return t.URL
}

// Load is how hard and how long a load runs.
type Load struct {
	// Concurrency is the number of workers, each a client with one
	// keep-alive connection sending one request at a time.
	Concurrency int
	// Warmup runs first and is not measured: connections open, caches fill.
	Warmup time.Duration
	// Duration is the measured time. Workers start no step after it (but
	// each measures one step at least); steps in flight finish, so a run
	// lasts Warmup + Duration + one step.
	Duration time.Duration
}

// Step is one iteration of a workload on one worker. It sends its requests
// with w.Call (measured) or w.Prepare (not measured). Its error is counted,
// not fatal: the run goes on until its time is up.
type Step func(ctx context.Context, w *Worker) error

// Response is an answer to one request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// ErrorType is the error's __type without its namespace, or "" on success.
func (r *Response) ErrorType() string {
	if r.Status == http.StatusOK {
		return ""
	}
	t := r.Header.Get("X-Amzn-Errortype")
	if t == "" {
		var e struct {
			Type string `json:"__type"`
		}
		_ = json.Unmarshal(r.Body, &e)
		t = e.Type
	}
	t, _, _ = strings.Cut(t, ":")
	if i := strings.LastIndex(t, "#"); i >= 0 {
		t = t[i+1:]
	}
	if t == "" {
		t = fmt.Sprintf("HTTP %d", r.Status)
	}
	return t
}

// Worker is one client of a load: its own connection, random source and
// scenario state.
type Worker struct {
	// ID numbers workers from 0.
	ID int
	// Rand is the worker's own random source.
	Rand *rand.Rand
	// State is the scenario's per-worker state (a sync's position, say).
	State any

	target  Target
	url     string
	client  *http.Client
	measure bool // false while warming up
	stats   Stats
	last    map[string]*Response // the last successful answer per operation
}

// Call sends op with body as a signed AWS JSON 1.0 request and records its
// latency and outcome. A non-2xx answer is returned, not an error; err is
// a transport failure.
func (w *Worker) Call(ctx context.Context, op string, body []byte) (*Response, error) {
	return w.do(ctx, op, body, w.measure)
}

// Prepare sends a request a step needs but does not measure (the read
// before an update, say).
func (w *Worker) Prepare(ctx context.Context, op string, body []byte) (*Response, error) {
	return w.do(ctx, op, body, false)
}

func (w *Worker) do(ctx context.Context, op string, body []byte, measure bool) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url+"/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	region := w.target.Region
	if region == "" {
		region = "us-east-1"
	}
	start := time.Now()
	// Signing is part of the client's cost of every request, as in an SDK.
	sigv4.Sign(req, body, w.target.Credential, region, sigv4.DefaultService, start)
	resp, err := w.client.Do(req)
	var r *Response
	if err == nil {
		var b []byte
		b, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		r = &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	}
	elapsed := time.Since(start)
	if ctx.Err() != nil {
		// Interrupted: neither a sample nor an error.
		return nil, ctx.Err()
	}
	if err != nil {
		if measure {
			w.stats.count("transport")
		}
		return nil, fmt.Errorf("%w: %w", errTransport, err)
	}
	if w.measure {
		w.stats.Served++
	}
	if measure {
		w.stats.Requests++
		w.stats.Latencies = append(w.stats.Latencies, elapsed)
		if t := r.ErrorType(); t != "" {
			w.stats.count(t)
		}
	}
	if r.Status == http.StatusOK && w.last != nil {
		w.last[op] = r
	}
	return r, nil
}

// Stats are the measured outcome of a load.
type Stats struct {
	// Requests counts measured requests, failed ones included.
	Requests int
	// Served counts every request sent in the measured time, the
	// unmeasured ones a step prepares with (the Get before an update)
	// included: what the server's usage is divided by.
	Served int
	// Server is what the server processes spent in the measured time;
	// nil when not measured (no Meter, or a reading failed: UsageError).
	Server     *Usage
	UsageError error
	// Errors counts failures: answers by error type (ConflictException),
	// "transport" for a connection that failed, "step: <message>" for a
	// step that could not go on.
	Errors map[string]int
	// Latencies holds every measured request's latency, sorted by RunLoad.
	Latencies []time.Duration
	// Elapsed is the measured time: from the end of the warm-up until the
	// last measured step finished.
	Elapsed time.Duration
	// Last is the last successful answer of each operation.
	Last map[string]*Response
}

func (s *Stats) count(kind string) {
	if s.Errors == nil {
		s.Errors = map[string]int{}
	}
	s.Errors[kind]++
}

// RPS is measured requests per second.
func (s *Stats) RPS() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Requests) / s.Elapsed.Seconds()
}

// Percentile is the p-th percentile (0 < p <= 100) of the latencies.
func (s *Stats) Percentile(p float64) time.Duration { return Percentile(s.Latencies, p) }

// CPUPerRequest is the server's CPU time per request served; 0 when not
// measured.
func (s *Stats) CPUPerRequest() time.Duration {
	if s.Server == nil || s.Served == 0 {
		return 0
	}
	return s.Server.CPU / time.Duration(s.Served)
}

// DBCPUPerRequest is the PostgreSQL backends' CPU time per request
// served; 0 when not measured or on SQLite.
func (s *Stats) DBCPUPerRequest() time.Duration {
	if s.Server == nil || s.Served == 0 {
		return 0
	}
	return s.Server.DBCPU / time.Duration(s.Served)
}

// AllocsPerRequest is the server's heap allocations per request served;
// 0 when not measured.
func (s *Stats) AllocsPerRequest() float64 {
	if s.Server == nil || s.Served == 0 {
		return 0
	}
	return float64(s.Server.Allocs) / float64(s.Served)
}

// ErrorCount is the number of failed requests and steps.
func (s *Stats) ErrorCount() int {
	n := 0
	for _, c := range s.Errors {
		n += c
	}
	return n
}

// Percentile returns the p-th percentile of sorted by the nearest-rank
// method: the smallest sample that at least p percent of the samples are
// less than or equal to. It is 0 for no samples.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// RunLoad drives step from load.Concurrency workers against target: load.Warmup
// unmeasured, then load.Duration measured. setup, when not nil, prepares
// each worker before it starts. Run returns early with ctx's error when ctx
// ends; the stats are then partial.
func RunLoad(ctx context.Context, target Target, load Load, step Step, setup func(*Worker)) (*Stats, error) {
	if load.Concurrency < 1 {
		return nil, errors.New("bench: concurrency must be at least 1")
	}
	workers := make([]*Worker, load.Concurrency)
	for i := range workers {
		w := newWorker(i, target)
		if setup != nil {
			setup(w)
		}
		workers[i] = w
	}
	defer func() {
		for _, w := range workers {
			w.client.CloseIdleConnections()
		}
	}()
	// The measured time begins when the warm-up ends and the server's
	// counters have been read (a reading takes a moment: a scrape, a
	// query), so that the counters and the requests cover the same time;
	// they are read again once every worker is done. Until then start is
	// zero and the workers warm up.
	var start atomic.Int64
	var first Usage
	var meterErr error
	began := make(chan struct{})
	begin := func() {
		defer close(began)
		if load.Warmup > 0 {
			select {
			case <-time.After(load.Warmup):
			case <-ctx.Done():
				meterErr = ctx.Err()
				return
			}
		}
		if target.Meter != nil {
			first, meterErr = target.Meter(ctx)
		}
		start.Store(time.Now().UnixNano())
	}
	if load.Warmup > 0 {
		go begin()
	} else {
		begin() // no warm-up: every request is measured
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var lastEnd time.Time
	for _, w := range workers {
		wg.Go(func() {
			measured := 0
			for ctx.Err() == nil {
				now := time.Now()
				from := start.Load()
				w.measure = from != 0
				// Every worker measures at least one step: a step slower than
				// the window (a slow machine, the race detector) still counts.
				if w.measure && measured > 0 && now.UnixNano() >= from+int64(load.Duration) {
					break
				}
				if w.measure {
					measured++
				}
				if err := step(ctx, w); err != nil && ctx.Err() == nil && w.measure &&
					!errors.Is(err, errTransport) && !errors.Is(err, errCounted) {
					w.stats.count(stepErrorKind(err))
				}
			}
			mu.Lock()
			if now := time.Now(); now.After(lastEnd) {
				lastEnd = now
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	<-began
	st := &Stats{Last: map[string]*Response{}}
	if from := start.Load(); from != 0 {
		st.Elapsed = lastEnd.Sub(time.Unix(0, from))
	}
	if target.Meter != nil && meterErr == nil && ctx.Err() == nil {
		if last, err := target.Meter(ctx); err == nil {
			u := last.Sub(first)
			st.Server = &u
		} else {
			meterErr = err
		}
	}
	if meterErr != nil && ctx.Err() == nil {
		st.UsageError = meterErr
	}
	for _, w := range workers {
		st.Requests += w.stats.Requests
		st.Served += w.stats.Served
		st.Latencies = append(st.Latencies, w.stats.Latencies...)
		for k, n := range w.stats.Errors {
			if st.Errors == nil {
				st.Errors = map[string]int{}
			}
			st.Errors[k] += n
		}
		for op, r := range w.last {
			st.Last[op] = r
		}
	}
	slices.Sort(st.Latencies)
	return st, ctx.Err()
}

func newWorker(id int, target Target) *Worker {
	return &Worker{
		ID:     id,
		Rand:   rand.New(rand.NewPCG(uint64(id)+1, uint64(time.Now().UnixNano()))),
		target: target,
		url:    target.url(id),
		client: &http.Client{Transport: newTransport(), Timeout: time.Minute},
		last:   map[string]*Response{},
	}
}

var (
	// errTransport marks a failed connection, which Call counts itself.
	errTransport = errors.New("transport")
	// errCounted is a step's failure that Call counted already: an
	// unsuccessful answer.
	errCounted = errors.New("unsuccessful answer")
)

// stepErrorKind is how a step's own failure is counted: by its message,
// cut short.
func stepErrorKind(err error) string {
	msg := err.Error()
	if len(msg) > 60 {
		msg = msg[:60] + "…"
	}
	return "step: " + msg
}

// newTransport is one worker's client side: one keep-alive connection,
// reused for every request, no compression (pcs does not compress).
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        1,
		MaxIdleConnsPerHost: 1,
		MaxConnsPerHost:     1,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
}
