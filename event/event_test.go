package event_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/event"
	"pcs/store"
	"pcs/store/sqlite"
)

func outbox(t *testing.T, n int) store.Store {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.OpenMemory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	appendEvents(t, db, 0, n)
	return db
}

// appendEvents adds events from..to-1: Opportunity Created for even
// numbers, Updated for odd, Sandbox catalog for multiples of 3.
func appendEvents(t *testing.T, db store.Store, from, to int) {
	t.Helper()
	err := db.Update(context.Background(), func(tx store.Tx) error {
		for i := from; i < to; i++ {
			dt := []string{"Opportunity Created", "Opportunity Updated"}[i%2]
			catalog := "AWS"
			if i%3 == 0 {
				catalog = "Sandbox"
			}
			doc := fmt.Sprintf(`{"version":"0","id":"e%d","detail-type":%q,"source":"aws.partnercentral-selling","account":"111111111111","time":"2026-01-05T09:00:00Z","region":"us-east-1","resources":[],"detail":{"catalog":%q,"opportunity":{"identifier":"O%d"}}}`, i, dt, catalog, i)
			if err := tx.AppendEvent(context.Background(), &store.Event{ID: fmt.Sprintf("e%d", i), Account: "111111111111",
				Catalog: catalog, DetailType: dt, Time: time.Now(), Doc: []byte(doc)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// receiver is a webhook endpoint that refuses the first `down` requests.
type receiver struct {
	mu   sync.Mutex
	down int
	ids  []string
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	m := hmac.New(sha256.New, []byte("s3cret"))
	m.Write(body)
	if req.Header.Get(event.SignatureHeader) != "sha256="+hex.EncodeToString(m.Sum(nil)) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down > 0 {
		r.down--
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	var e struct{ ID string }
	_ = json.Unmarshal(body, &e)
	r.ids = append(r.ids, e.ID)
}

func (r *receiver) got() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.ids, " ")
}

func TestWebhookGetsEverythingInOrderAfterOutage(t *testing.T) {
	db := outbox(t, 5)
	rcv := &receiver{down: 3}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	target := event.Target{Name: "crm", Sender: &event.Webhook{URL: srv.URL, Secret: "s3cret"}}
	d := event.NewDeliverer(event.DelivererConfig{Store: db, Targets: []event.Target{target}})
	for range 3 {
		if _, err := d.DeliverPending(context.Background(), target); err == nil {
			t.Fatal("delivery to a target that is down succeeded")
		}
	}
	if n, err := d.DeliverPending(context.Background(), target); err != nil || n != 5 {
		t.Fatalf("after the outage: %d delivered, %v", n, err)
	}
	// A restarted pcs resumes after the last delivered event, once the one
	// before gave up its lease: until then the target is not its own.
	appendEvents(t, db, 5, 7)
	d2 := event.NewDeliverer(event.DelivererConfig{Store: db, Targets: []event.Target{target}})
	if n, err := d2.DeliverPending(context.Background(), target); err != nil || n != 0 {
		t.Fatalf("while another holds the lease: %d delivered, %v", n, err)
	}
	if err := d.Release(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, err := d2.DeliverPending(context.Background(), target); err != nil || n != 2 {
		t.Fatalf("after restart: %d delivered, %v", n, err)
	}
	if got := rcv.got(); got != "e0 e1 e2 e3 e4 e5 e6" {
		t.Errorf("received %q", got)
	}
}

// TestDeliveredIsTheSlowestTargetsPosition: the outbox may let go only of
// what every target has had, and delivery goes on past what it let go.
func TestDeliveredIsTheSlowestTargetsPosition(t *testing.T) {
	ctx := context.Background()
	db := outbox(t, 5)
	up, down := &receiver{}, &receiver{down: 1}
	upSrv, downSrv := httptest.NewServer(up), httptest.NewServer(down)
	defer upSrv.Close()
	defer downSrv.Close()
	fast := event.Target{Name: "fast", Sender: &event.Webhook{URL: upSrv.URL, Secret: "s3cret"}}
	slow := event.Target{Name: "slow", Sender: &event.Webhook{URL: downSrv.URL, Secret: "s3cret"}}
	d := event.NewDeliverer(event.DelivererConfig{Store: db, Targets: []event.Target{fast, slow}})
	delivered := func() int64 {
		t.Helper()
		n, err := d.Delivered(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	var last int64
	_ = db.View(ctx, func(tx store.Tx) error {
		evs, err := tx.EventsAfter(ctx, "", 0, 100)
		last = evs[len(evs)-1].Seq
		return err
	})

	if _, err := d.DeliverPending(ctx, fast); err != nil {
		t.Fatal(err)
	}
	if _, err := d.DeliverPending(ctx, slow); err == nil {
		t.Fatal("delivery to a target that is down succeeded")
	}
	if got := delivered(); got != 0 {
		t.Errorf("Delivered with one target yet to get an event = %d, want 0", got)
	}
	if _, err := d.DeliverPending(ctx, slow); err != nil {
		t.Fatal(err)
	}
	if got := delivered(); got != last {
		t.Errorf("Delivered once both have everything = %d, want %d", got, last)
	}

	through := delivered()
	err := db.Update(ctx, func(tx store.Tx) error {
		_, err := tx.PruneEvents(ctx, time.Now().Add(time.Hour), through)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	appendEvents(t, db, 5, 7)
	if n, err := d.DeliverPending(ctx, fast); err != nil || n != 2 {
		t.Errorf("after pruning: %d delivered, %v; want the 2 new events", n, err)
	}
	if got := up.got(); got != "e0 e1 e2 e3 e4 e5 e6" {
		t.Errorf("received %q", got)
	}

	none := event.NewDeliverer(event.DelivererConfig{Store: db})
	if n, err := none.Delivered(ctx); err != nil || n != math.MaxInt64 {
		t.Errorf("Delivered without targets = %d, %v; want math.MaxInt64", n, err)
	}
}

func TestRunRetriesUntilDelivered(t *testing.T) {
	db := outbox(t, 3)
	rcv := &receiver{down: 2}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	d := event.NewDeliverer(event.DelivererConfig{Store: db,
		Targets: []event.Target{{Name: "crm", Sender: &event.Webhook{URL: srv.URL, Secret: "s3cret"}}},
		Idle:    10 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go d.Run(ctx)
	for rcv.got() != "e0 e1 e2" {
		if ctx.Err() != nil {
			t.Fatalf("received %q before giving up", rcv.got())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPatternsAndDuplicates(t *testing.T) {
	db := outbox(t, 6)
	rcv := &receiver{}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	p, err := event.ParsePattern([]byte(`{"source":["aws.partnercentral-selling"],"detail-type":["Opportunity Created"],"detail":{"catalog":["Sandbox"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	target := event.Target{Name: "sandbox-creates", Pattern: p, Sender: &event.Webhook{URL: srv.URL, Secret: "s3cret"}}
	d := event.NewDeliverer(event.DelivererConfig{Store: db, Targets: []event.Target{target}, Duplicates: 1})
	if _, err := d.DeliverPending(context.Background(), target); err != nil {
		t.Fatal(err)
	}
	if got := rcv.got(); got != "e0 e0" {
		t.Errorf("received %q, want the one Sandbox create, twice", got)
	}
}

func TestPatternMatching(t *testing.T) {
	ev := map[string]any{"source": "aws.partnercentral-selling", "detail-type": "Opportunity Updated",
		"resources": []any{"arn:1", "arn:2"}, "detail": map[string]any{"catalog": "AWS"}}
	tests := []struct {
		pattern string
		want    bool
	}{
		{`{}`, true},
		{`{"detail-type":["Opportunity Updated","Opportunity Created"]}`, true},
		{`{"detail-type":["Opportunity Created"]}`, false},
		{`{"detail":{"catalog":["AWS"]}}`, true},
		{`{"detail":{"catalog":["Sandbox"]}}`, false},
		{`{"detail":{"missing":["x"]}}`, false},
		{`{"resources":["arn:2"]}`, true},
		{`{"source":["aws.partnercentral-selling"],"detail":{"catalog":["AWS"]}}`, true},
	}
	for _, tt := range tests {
		p, err := event.ParsePattern([]byte(tt.pattern))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Match(ev); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.pattern, got, tt.want)
		}
	}
	for _, bad := range []string{`{"source":"x"}`, `{"source":[{"a":1}]}`, `[1]`} {
		if _, err := event.ParsePattern([]byte(bad)); err == nil {
			t.Errorf("pattern %s was accepted", bad)
		}
	}
}

func TestEventBridgePutEvents(t *testing.T) {
	db := outbox(t, 1)
	var got map[string]any
	var target string
	bus := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target = r.Header.Get("X-Amz-Target")
		_ = json.NewDecoder(r.Body).Decode(&got)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		io.WriteString(w, `{"FailedEntryCount":0,"Entries":[{"EventId":"11111111-2222"}]}`)
	}))
	defer bus.Close()
	path := filepath.Join(t.TempDir(), "targets.json")
	os.WriteFile(path, []byte(`{"targets":[{"name":"bus","eventbridge":{"endpoint":"`+bus.URL+`","bus":"partner-bus"}}]}`), 0o600)
	targets, _, err := event.LoadConfig(path, func(k string) string {
		return map[string]string{"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "x"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	d := event.NewDeliverer(event.DelivererConfig{Store: db, Targets: targets})
	if n, err := d.DeliverPending(context.Background(), targets[0]); err != nil || n != 1 {
		t.Fatalf("PutEvents: %d, %v", n, err)
	}
	entries, _ := got["Entries"].([]any)
	if target != "AWSEvents.PutEvents" || len(entries) != 1 {
		t.Fatalf("target %q, body %v", target, got)
	}
	e := entries[0].(map[string]any)
	if e["Source"] != "aws.partnercentral-selling" || e["DetailType"] != "Opportunity Created" || e["EventBusName"] != "partner-bus" ||
		!strings.Contains(e["Detail"].(string), `"identifier":"O0"`) {
		t.Errorf("entry %v", e)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	for name, body := range map[string]string{
		"no kind":        `{"targets":[{"name":"a"}]}`,
		"both kinds":     `{"targets":[{"name":"a","webhook":{"url":"http://x"},"eventbridge":{}}]}`,
		"same name":      `{"targets":[{"name":"a","webhook":{"url":"http://x"}},{"name":"a","webhook":{"url":"http://y"}}]}`,
		"bad pattern":    `{"targets":[{"name":"a","webhook":{"url":"http://x"},"pattern":{"source":"x"}}]}`,
		"bad duplicates": `{"duplicates":2,"targets":[]}`,
	} {
		path := filepath.Join(t.TempDir(), "t.json")
		os.WriteFile(path, []byte(body), 0o600)
		if _, _, err := event.LoadConfig(path, os.Getenv); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
