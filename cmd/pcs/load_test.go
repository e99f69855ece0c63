package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentWritersToOneOpportunity has many clients update the same
// opportunity from the same read: the optimistic lock lets exactly one
// write per version through and answers the others ConflictException, and
// the stored document is always the last acknowledged write, whole.
func TestConcurrentWritersToOneOpportunity(t *testing.T) {
	url, stop := startServe(t, "-data-dir", t.TempDir())
	defer stop()
	s := signer{url: url, key: "111111111111", secret: "x"}
	client := &http.Client{Timeout: 10 * time.Second}
	_, out, err := s.post(client, "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"one",`+crashBody("one", "v0")+`}`)
	if err != nil {
		t.Fatal(err)
	}
	id := out["Id"].(string)
	const writers, rounds = 12, 5
	var lastWinner string
	for round := range rounds {
		_, got, err := s.post(client, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`)
		if err != nil {
			t.Fatal(err)
		}
		lmd := got["LastModifiedDate"].(string)
		var wins atomic.Int32
		var winner atomic.Value
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				pid := fmt.Sprintf("round%d-writer%d", round, w)
				status, out, err := s.post(client, "UpdateOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`","LastModifiedDate":"`+lmd+
					`","Marketing":{"Source":"None"},`+crashBody("one", pid)+`}`)
				switch {
				case err != nil:
					t.Errorf("writer %d: %v", w, err)
				case status == http.StatusOK:
					wins.Add(1)
					winner.Store(pid)
				case out["__type"] != "com.amazon.partnerintegrationapi.common#ConflictException":
					t.Errorf("writer %d: HTTP %d %v, want success or ConflictException", w, status, out)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("round %d: %d writers won from the same LastModifiedDate, want 1", round, wins.Load())
		}
		lastWinner = winner.Load().(string)
		_, got, _ = s.post(client, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`)
		if got["PartnerOpportunityIdentifier"] != lastWinner || got["Customer"].(map[string]any)["Account"].(map[string]any)["CompanyName"] != "one" {
			t.Fatalf("round %d: stored %v, want the winner %s", round, got["PartnerOpportunityIdentifier"], lastWinner)
		}
	}
}

// TestSustainedMixedLoad runs several partners' clients at once for a few
// seconds (strict signatures, permissions, injected throttling): reads,
// creates, updates racing on shared opportunities, lists. Nothing may
// answer 5xx, no account may see another's data, and every acknowledged
// create must be readable at the end. Run under -race in CI.
func TestSustainedMixedLoad(t *testing.T) {
	url, stop := startServe(t, "-data-dir", t.TempDir(), "-auth", "strict", "-credentials", writeCredentials(t))
	defer stop()
	// One call in twenty is throttled, as a loaded service would.
	if err := run(t.Context(), []string{"faults", "add", "-endpoint", url, "-action", "throttle", "-probability", "0.05"},
		nopWriter{}, nopWriter{}, env(nil)); err != nil {
		t.Fatal(err)
	}
	duration := 2 * time.Second
	if testing.Short() {
		duration = 500 * time.Millisecond
	}
	accounts := []struct {
		account string
		s       signer
	}{
		{"111111111111", signer{url: url, key: "AKIAANYCOMPANY000001", secret: "any-secret"}},
		{"222222222222", signer{url: url, key: "AKIAEXAMPLECORP00001", secret: "example-secret"}},
	}
	client := &http.Client{Timeout: 10 * time.Second}
	end := time.Now().Add(duration)
	var calls, throttled, conflicts atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := map[string][]string{} // account -> acknowledged ids
	for ai, a := range accounts {
		for w := range 4 {
			wg.Go(func() {
				rnd := rand.New(rand.NewPCG(uint64(ai), uint64(w)))
				var mine []string
				for i := 0; time.Now().Before(end); i++ {
					var op, body string
					switch n := rnd.IntN(10); {
					case n < 3 || len(mine) == 0:
						op = "CreateOpportunity"
						tok := fmt.Sprintf("load-%d-%d-%d", ai, w, i)
						body = `{"Catalog":"Sandbox","ClientToken":"` + tok + `",` + crashBody(tok, "v0") + `}`
					case n < 5:
						op, body = "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+mine[rnd.IntN(len(mine))]+`"}`
					case n < 7:
						op, body = "ListOpportunities", `{"Catalog":"Sandbox","MaxResults":50}`
					case n < 9:
						// Update a shared opportunity: the first one this account created.
						mu.Lock()
						shared := created[a.account][0]
						mu.Unlock()
						_, got, err := a.s.post(client, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+shared+`"}`)
						if err != nil || got["LastModifiedDate"] == nil {
							continue // throttled read; try something else
						}
						op = "UpdateOpportunity"
						body = `{"Catalog":"Sandbox","Identifier":"` + shared + `","LastModifiedDate":"` + got["LastModifiedDate"].(string) +
							`","Marketing":{"Source":"None"},` + crashBody(got["Customer"].(map[string]any)["Account"].(map[string]any)["CompanyName"].(string), fmt.Sprintf("w%d-%d", w, i)) + `}`
					default:
						op, body = "ListSolutions", `{"Catalog":"Sandbox"}`
					}
					status, out, err := a.s.post(client, op, body)
					calls.Add(1)
					if err != nil {
						t.Errorf("%s: %v", op, err)
						return
					}
					typ, _ := out["__type"].(string)
					switch {
					case status >= 500:
						t.Errorf("%s: HTTP %d %v", op, status, out)
						return
					case strings.HasSuffix(typ, "#ThrottlingException"):
						throttled.Add(1)
						continue
					case strings.HasSuffix(typ, "#ConflictException") && op == "UpdateOpportunity":
						conflicts.Add(1)
						continue
					case status != http.StatusOK:
						t.Errorf("%s: HTTP %d %v", op, status, out)
						return
					}
					switch op {
					case "CreateOpportunity":
						id := out["Id"].(string)
						mine = append(mine, id)
						mu.Lock()
						created[a.account] = append(created[a.account], id)
						mu.Unlock()
					case "ListOpportunities":
						for _, o := range out["OpportunitySummaries"].([]any) {
							if arn := o.(map[string]any)["Arn"].(string); !strings.Contains(arn, ":"+a.account+":") {
								t.Errorf("account %s sees %s", a.account, arn)
								return
							}
						}
					}
				}
			})
		}
	}
	wg.Wait()
	for _, a := range accounts {
		for _, id := range created[a.account] {
			for {
				status, out, err := a.s.post(client, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`)
				if err == nil && status == 400 && strings.HasSuffix(out["__type"].(string), "#ThrottlingException") {
					continue
				}
				if err != nil || status != http.StatusOK {
					t.Errorf("acknowledged %s of %s: %v HTTP %d %v", id, a.account, err, status, out)
				}
				break
			}
		}
	}
	t.Logf("%d calls in %v: %d throttled (injected), %d optimistic-lock conflicts, %d+%d creates",
		calls.Load(), duration, throttled.Load(), conflicts.Load(), len(created["111111111111"]), len(created["222222222222"]))
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
