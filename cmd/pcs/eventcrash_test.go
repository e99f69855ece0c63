package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"
)

// TestEventDeliverySurvivesKill kills pcs with SIGKILL while it delivers
// events to a slow webhook, restarts it, and checks that the webhook ends
// up with every event, in order (at least once: a redelivery is allowed).
func TestEventDeliverySurvivesKill(t *testing.T) {
	var mu sync.Mutex
	var got []string // opportunity ids, in arrival order
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond) // slow enough to be killed mid-delivery
		var e struct {
			Detail struct{ Opportunity struct{ Identifier string } }
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &e)
		mu.Lock()
		got = append(got, e.Detail.Opportunity.Identifier)
		mu.Unlock()
	}))
	defer hook.Close()
	dir := t.TempDir()
	targets := filepath.Join(dir, "targets.json")
	os.WriteFile(targets, []byte(`{"targets":[{"name":"crm","webhook":{"url":"`+hook.URL+`"},"pattern":{"detail-type":["Opportunity Created"]}}]}`), 0o600)
	args := []string{"-data-dir", filepath.Join(dir, "data"), "-event-targets", targets}

	p := startProcess(t, args...)
	var want []string
	for i := range 30 {
		_, body := call(t, p.url, "CreateOpportunity", fmt.Sprintf(`{"Catalog":"Sandbox","ClientToken":"k%d"}`, i))
		want = append(want, regexp.MustCompile(`O[0-9]+`).FindString(body))
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= 5 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.kill(t)
	mu.Lock()
	atKill := len(got)
	mu.Unlock()
	if atKill >= len(want) {
		t.Fatalf("all %d events were delivered before the kill; the test did not kill mid-delivery", atKill)
	}

	startProcess(t, args...)
	deadline = time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		firsts := firstOccurrences(got)
		mu.Unlock()
		if len(firsts) == len(want) {
			for i := range want {
				if firsts[i] != want[i] {
					t.Fatalf("delivery order %v, want %v", firsts, want)
				}
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the restart the webhook has %d of %d events", len(firsts), len(want))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func firstOccurrences(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
