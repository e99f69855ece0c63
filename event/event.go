// Package event delivers the events pcs writes to its outbox (selling
// emits them in the transaction of each change) to the partner's systems:
// webhooks and EventBridge buses, each with an event pattern. Delivery is
// at least once and in order: a target's position in the outbox is kept in
// the store and moves only past delivered events, so a target that is down
// gets every event once it is back, and a restart resumes where it stopped.
// Of several pcs on one store, one at a time delivers to each target: the
// holder of its lease (store.DeliveryLeaser).
package event

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	mathrand "math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"pcs/store"
)

// Target is somewhere events go.
type Target struct {
	Name    string
	Pattern Pattern // nil: every event
	Sender  Sender
}

// DelivererConfig is what a Deliverer delivers, to where, and how.
type DelivererConfig struct {
	// Store holds the outbox and each target's position in it.
	Store   store.Store
	Targets []Target
	// Logger receives delivery failures; nil discards.
	Logger *slog.Logger
	// Duplicates is the chance (0 to 1) that an event is delivered twice,
	// as the real service sometimes does, to test idempotent handlers.
	Duplicates float64
	// Idle is how long a caught-up target waits before looking again;
	// 0 means 250 ms.
	Idle time.Duration
	// MaxBackoff bounds the wait between retries of a failing delivery;
	// 0 means 30 seconds.
	MaxBackoff time.Duration
	// Lease is how long a target stays this deliverer's after it last
	// renewed its lease (with each event delivered, and on a pass once half
	// of it has run): of several pcs on one store, only the holder delivers
	// to a target, and another takes it over once the lease expired, so a
	// dead pcs's targets move on within it. 0 means 10 seconds.
	Lease time.Duration
	// Observe, when set, is told of every attempt to send an event to a
	// target (the duplicates aside), for the metrics.
	Observe func(Delivery)
}

// Delivery is one attempt to send an event to a target; Err is its failure.
type Delivery struct {
	Target string
	Event  store.Event
	Err    error
}

// Deliverer moves events from the outbox to the targets.
type Deliverer struct {
	db         store.Store
	targets    []Target
	log        *slog.Logger
	duplicates float64
	idle       time.Duration
	maxBackoff time.Duration
	observe    func(Delivery)
	lease      time.Duration
	holder     string // who this deliverer is in the store's leases

	mu   sync.Mutex
	held map[string]time.Time // target: until when this deliverer holds its lease
}

// NewDeliverer returns a Deliverer for cfg.
func NewDeliverer(cfg DelivererConfig) *Deliverer {
	d := &Deliverer{db: cfg.Store, targets: cfg.Targets, log: cfg.Logger, duplicates: cfg.Duplicates,
		idle: cfg.Idle, maxBackoff: cfg.MaxBackoff, observe: cfg.Observe, lease: cfg.Lease,
		holder: holderID(), held: map[string]time.Time{}}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.idle == 0 {
		d.idle = 250 * time.Millisecond
	}
	if d.maxBackoff == 0 {
		d.maxBackoff = 30 * time.Second
	}
	if d.lease == 0 {
		d.lease = 10 * time.Second
	}
	return d
}

// holderID names this process in the leases: its host and pid, for whoever
// looks at the table, and a random part, for it to be its own.
func holderID() string {
	host, _ := os.Hostname()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

func cursorKey(target string) string { return "event/cursor/" + target }

// Run delivers until ctx ends, one goroutine per target.
func (d *Deliverer) Run(ctx context.Context) {
	done := make(chan struct{})
	for _, t := range d.targets {
		go func() {
			defer func() { done <- struct{}{} }()
			d.run(ctx, t)
		}()
	}
	for range d.targets {
		<-done
	}
}

func (d *Deliverer) run(ctx context.Context, t Target) {
	backoff := time.Duration(0)
	for {
		n, err := d.DeliverPending(ctx, t)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			backoff = min(max(2*backoff, 200*time.Millisecond), d.maxBackoff)
			d.log.Warn("event delivery failed; will retry", "target", t.Name, "retry_in", backoff, "err", err)
		case n > 0:
			backoff = 0
			continue
		default:
			backoff = 0
		}
		wait := d.idle
		if backoff > 0 {
			wait = backoff
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// DeliverPending sends t the events it has not had yet, in order, and
// returns how many it delivered; it stops at the first failure. It
// delivers nothing while another deliverer on the store holds t's lease,
// and stops when another took it over. An event being sent when ctx ends
// is sent and recorded all the same (within the lease), so that the next
// holder does not send it again.
func (d *Deliverer) DeliverPending(ctx context.Context, t Target) (int, error) {
	if held, err := d.hold(ctx, t.Name); err != nil || !held {
		return 0, err
	}
	cursor, err := d.cursor(ctx, t.Name)
	if err != nil {
		return 0, err
	}
	var evs []store.Event
	if err := d.db.View(ctx, func(tx store.Tx) error {
		evs, err = tx.EventsAfter(ctx, "", cursor, 100)
		return err
	}); err != nil {
		return 0, err
	}
	work, stop := d.afterStop(ctx)
	defer stop()
	sent := 0
	for _, e := range evs {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		if t.matches(e.Doc) {
			if held, err := d.hold(work, t.Name); err != nil || !held {
				return sent, err
			}
			err := t.Sender.Send(work, e.Doc)
			if d.observe != nil {
				d.observe(Delivery{Target: t.Name, Event: e, Err: err})
			}
			if err != nil {
				return sent, fmt.Errorf("event %s to %s: %w", e.ID, t.Name, err)
			}
			if d.duplicates > 0 && mathrand.Float64() < d.duplicates {
				_ = t.Sender.Send(work, e.Doc) // best effort, like the service's own duplicates
			}
			sent++
		}
		if held, err := d.advance(work, t.Name, e.Seq); err != nil || !held {
			return sent, err
		}
	}
	return sent, nil
}

// errLeaseLost rolls back a move of a target's position by a deliverer
// whose lease another has taken over.
var errLeaseLost = errors.New("event: the target's lease is another's")

// advance moves target's position to seq, renewing the lease in the same
// transaction: a deliverer whose lease another took over cannot move it.
// It reports whether the lease is still this deliverer's.
func (d *Deliverer) advance(ctx context.Context, target string, seq int64) (bool, error) {
	now := time.Now()
	err := d.db.Update(ctx, func(tx store.Tx) error {
		held, err := tx.TakeDeliveryLease(ctx, target, d.holder, now, now.Add(d.lease))
		if err != nil {
			return err
		}
		if !held {
			return errLeaseLost
		}
		return tx.PutSetting(ctx, cursorKey(target), strconv.FormatInt(seq, 10))
	})
	return d.noteLease(target, now, err)
}

// hold reports whether this deliverer holds target's lease, taking or
// renewing it when less than half of it is left.
func (d *Deliverer) hold(ctx context.Context, target string) (bool, error) {
	now := time.Now()
	d.mu.Lock()
	until, ok := d.held[target]
	d.mu.Unlock()
	if ok && until.Sub(now) > d.lease/2 {
		return true, nil
	}
	err := d.db.Update(ctx, func(tx store.Tx) error {
		held, err := tx.TakeDeliveryLease(ctx, target, d.holder, now, now.Add(d.lease))
		if err == nil && !held {
			err = errLeaseLost
		}
		return err
	})
	return d.noteLease(target, now, err)
}

// noteLease keeps what a transaction that took target's lease at now
// found, and returns it as hold and advance do.
func (d *Deliverer) noteLease(target string, now time.Time, err error) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case err == nil:
		d.held[target] = now.Add(d.lease)
		return true, nil
	case errors.Is(err, errLeaseLost):
		delete(d.held, target)
		return false, nil
	default:
		return false, err
	}
}

// afterStop is ctx, except that it ends a lease's length after ctx does:
// long enough for an event in flight to be sent and recorded.
func (d *Deliverer) afterStop(ctx context.Context) (context.Context, context.CancelFunc) {
	work, cancel := context.WithCancel(context.WithoutCancel(ctx))
	unhook := context.AfterFunc(ctx, func() { time.AfterFunc(d.lease, cancel) })
	return work, func() { unhook(); cancel() }
}

// Release gives up the leases this deliverer holds, so that another pcs
// takes its targets over at once rather than once they expire. Call it
// when delivery has stopped (Run returned) and the pcs is going away.
func (d *Deliverer) Release(ctx context.Context) error {
	d.mu.Lock()
	targets := make([]string, 0, len(d.held))
	for target := range d.held {
		targets = append(targets, target)
	}
	d.mu.Unlock()
	var errs []error
	for _, target := range targets {
		err := d.db.Update(ctx, func(tx store.Tx) error { return tx.ReleaseDeliveryLease(ctx, target, d.holder) })
		if err == nil {
			d.mu.Lock()
			delete(d.held, target)
			d.mu.Unlock()
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Delivered returns the outbox position every target has passed: the
// lowest of their positions (0 while one has yet to get an event;
// math.MaxInt64 without targets). No target needs the events up to it any
// more, so the outbox may let them go (selling.Maintain).
func (d *Deliverer) Delivered(ctx context.Context) (int64, error) {
	lowest := int64(math.MaxInt64)
	for _, t := range d.targets {
		c, err := d.cursor(ctx, t.Name)
		if err != nil {
			return 0, err
		}
		lowest = min(lowest, c)
	}
	return lowest, nil
}

func (d *Deliverer) cursor(ctx context.Context, target string) (int64, error) {
	var v string
	err := d.db.View(ctx, func(tx store.Tx) error {
		var err error
		v, err = tx.GetSetting(ctx, cursorKey(target))
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

func (t Target) matches(envelope []byte) bool {
	if t.Pattern == nil {
		return true
	}
	var e map[string]any
	if json.Unmarshal(envelope, &e) != nil {
		return false
	}
	return t.Pattern.Match(e)
}

// Config is the file -event-targets names.
//
//	{"duplicates": 0.05,
//	 "targets": [
//	   {"name": "crm", "webhook": {"url": "http://127.0.0.1:9000/events", "secret": "s3cret"},
//	    "pattern": {"detail-type": ["Opportunity Created", "Opportunity Updated"]}},
//	   {"name": "bus", "eventbridge": {"endpoint": "http://127.0.0.1:4566", "region": "us-east-1", "bus": "default"}}
//	 ]}
type Config struct {
	Duplicates float64 `json:"duplicates"`
	Targets    []struct {
		Name    string          `json:"name"`
		Pattern json.RawMessage `json:"pattern"`
		Webhook *struct {
			URL    string `json:"url"`
			Secret string `json:"secret"`
		} `json:"webhook"`
		EventBridge *struct {
			Endpoint string `json:"endpoint"`
			Region   string `json:"region"`
			Bus      string `json:"bus"`
		} `json:"eventbridge"`
	} `json:"targets"`
}

// LoadConfig reads a targets file. EventBridge targets sign with the
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN of getenv.
func LoadConfig(path string, getenv func(string) string) ([]Target, float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	var c Config
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	if c.Duplicates < 0 || c.Duplicates > 1 {
		return nil, 0, fmt.Errorf("%s: duplicates must be between 0 and 1", path)
	}
	seen := map[string]bool{}
	var out []Target
	for i, tc := range c.Targets {
		if tc.Name == "" || seen[tc.Name] {
			return nil, 0, fmt.Errorf("%s: target %d needs a name of its own", path, i+1)
		}
		seen[tc.Name] = true
		p, err := ParsePattern(tc.Pattern)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: target %s: %w", path, tc.Name, err)
		}
		t := Target{Name: tc.Name, Pattern: p}
		switch {
		case tc.Webhook != nil && tc.EventBridge == nil && tc.Webhook.URL != "":
			t.Sender = &Webhook{URL: tc.Webhook.URL, Secret: tc.Webhook.Secret}
		case tc.EventBridge != nil && tc.Webhook == nil:
			eb := tc.EventBridge
			region := eb.Region
			if region == "" {
				region = "us-east-1"
			}
			opts := eventbridge.Options{Region: region, Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: getenv("AWS_SECRET_ACCESS_KEY"),
					SessionToken: getenv("AWS_SESSION_TOKEN"), Source: "environment"}, nil
			})}
			if eb.Endpoint != "" {
				opts.BaseEndpoint = aws.String(eb.Endpoint)
			}
			t.Sender = &EventBridge{Client: eventbridge.New(opts), BusName: eb.Bus}
		default:
			return nil, 0, fmt.Errorf("%s: target %s needs exactly one of webhook (with a url) or eventbridge", path, tc.Name)
		}
		out = append(out, t)
	}
	return out, c.Duplicates, nil
}
