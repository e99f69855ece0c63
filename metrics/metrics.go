// Package metrics counts what pcs does, for Prometheus: the API requests
// and their latency, errors by type, event deliveries, the AWS side's
// pending jobs and the store's size. Each Metrics has a registry of its
// own (never the process-wide default), so several servers in one process,
// as in tests, do not share or collide. GET /_pcs/metrics serves it in the
// Prometheus text format; docs/admin-api.md names every series.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"pcs/awsjson"
)

// Config is what the scrape-time gauges read, and the version reported.
type Config struct {
	// Version is the pcs_build_info series' version label.
	Version string
	// PendingJobs, when set, counts the AWS side's pending jobs at each
	// scrape (pcs_jobs_pending).
	PendingJobs func(ctx context.Context) (int, error)
	// StoreSize, when set, is the store's size in bytes at each scrape
	// (pcs_store_size_bytes).
	StoreSize func(ctx context.Context) (int64, error)
}

// Metrics holds pcs's series in a registry of its own. Its methods are
// safe for concurrent use.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	deliveries *prometheus.CounterVec
	failures   *prometheus.CounterVec
	lag        *prometheus.HistogramVec
}

// Buckets, in seconds: pcs answers most requests in well under a
// millisecond, and an event waits from milliseconds (a healthy target) to
// hours (one that was down).
var (
	latencyBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
	lagBuckets     = []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600}
)

// unknownOperation labels the requests that named no operation of the
// model; the label's values are otherwise the model's operation names, a
// bounded set whatever clients send.
const unknownOperation = "unknown"

// New returns the Metrics of cfg.
func New(cfg Config) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pcs_requests_total",
			Help: "API requests answered, by operation and HTTP status (\"dropped\" for connections an injected fault closed)."},
			[]string{"operation", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "pcs_request_duration_seconds",
			Help: "Time to answer an API request, by operation.", Buckets: latencyBuckets},
			[]string{"operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pcs_request_errors_total",
			Help: "API requests answered with an error, by operation and error type."},
			[]string{"operation", "type"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pcs_event_deliveries_total",
			Help: "Events delivered, by target."}, []string{"target"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pcs_event_delivery_failures_total",
			Help: "Failed attempts to deliver an event (each is retried), by target."}, []string{"target"}),
		lag: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "pcs_event_delivery_lag_seconds",
			Help: "Time from an event to its delivery, on the pcs clock, by target.", Buckets: lagBuckets},
			[]string{"target"}),
	}
	build := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "pcs_build_info",
		Help: "Always 1; the version label is the running pcs's."}, []string{"version"})
	build.WithLabelValues(cfg.Version).Set(1)
	m.reg.MustRegister(m.requests, m.latency, m.errors, m.deliveries, m.failures, m.lag, build,
		&storeCollector{cfg: cfg},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the series in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// ObserveRequest counts one answered request: it is an
// awsjson.Config.Observe.
func (m *Metrics) ObserveRequest(x awsjson.Exchange) {
	op := x.Operation
	if op == "" {
		op = unknownOperation
	}
	status := strconv.Itoa(x.Status)
	if x.Dropped {
		status = "dropped"
	}
	m.requests.WithLabelValues(op, status).Inc()
	m.latency.WithLabelValues(op).Observe(x.Duration.Seconds())
	if x.ErrorType != "" {
		m.errors.WithLabelValues(op, x.ErrorType).Inc()
	}
}

// ObserveDelivery counts one attempt to deliver an event to target: lag is
// how long after the event it was made, err its failure.
func (m *Metrics) ObserveDelivery(target string, lag time.Duration, err error) {
	if err != nil {
		m.failures.WithLabelValues(target).Inc()
		return
	}
	m.deliveries.WithLabelValues(target).Inc()
	m.lag.WithLabelValues(target).Observe(max(lag, 0).Seconds())
}

// scrapeTimeout bounds the store reads of one scrape.
const scrapeTimeout = 5 * time.Second

// storeCollector reads the gauges that live in the store at scrape time.
type storeCollector struct{ cfg Config }

var (
	pendingJobsDesc = prometheus.NewDesc("pcs_jobs_pending",
		"AWS-side jobs waiting to run on the pcs clock: reviews, referrals, expiries, prospecting.", nil, nil)
	storeSizeDesc = prometheus.NewDesc("pcs_store_size_bytes",
		"Size of the store's database (pages in use times the page size).", nil, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	if c.cfg.PendingJobs != nil {
		ch <- pendingJobsDesc
	}
	if c.cfg.StoreSize != nil {
		ch <- storeSizeDesc
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	if c.cfg.PendingJobs != nil {
		n, err := c.cfg.PendingJobs(ctx)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(pendingJobsDesc, err)
		} else {
			ch <- prometheus.MustNewConstMetric(pendingJobsDesc, prometheus.GaugeValue, float64(n))
		}
	}
	if c.cfg.StoreSize != nil {
		n, err := c.cfg.StoreSize(ctx)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(storeSizeDesc, err)
		} else {
			ch <- prometheus.MustNewConstMetric(storeSizeDesc, prometheus.GaugeValue, float64(n))
		}
	}
}
