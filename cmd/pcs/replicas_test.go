package main

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pcs/store/postgres/pgtest"
)

// replicaWrite is one acknowledged CreateOpportunity of the load.
type replicaWrite struct {
	token, id, by string
}

// TestReplicaKilledMidLoad runs two pcs serve processes on one PostgreSQL
// schema, with writers on both, and kills one (SIGKILL) in the middle of
// the load: every write either acknowledged is there afterwards, read
// through the survivor; the survivor answers every request, during the
// kill and after; and the AWS-side jobs scheduled through the dead one
// (the reviews of opportunities submitted through it) run on the survivor.
func TestReplicaKilledMidLoad(t *testing.T) {
	url := pgtest.Schema(t)
	doomed := startProcess(t, "-database", url)
	survivor := startProcess(t, "-database", url)
	client := &http.Client{Timeout: 10 * time.Second}
	on := map[string]signer{
		"doomed":   {url: doomed.url, key: "111111111111", secret: "x"},
		"survivor": {url: survivor.url, key: "111111111111", secret: "x"},
	}

	// AWS's review of opportunities submitted through the doomed one: jobs
	// it scheduled, due in a minute on the pcs clock.
	var submitted []string
	for i := range 3 {
		status, out, err := on["doomed"].post(client, "CreateOpportunity", `{"Catalog":"AWS","ClientToken":"review-`+fmt.Sprint(i)+`",
			"Customer":{"Account":{"CompanyName":"Example","Industry":"Retail","WebsiteUrl":"https://example.com","Address":{"CountryCode":"DE","PostalCode":"20457"}}},
			"LifeCycle":{"TargetCloseDate":"2099-01-01"},
			"Project":{"Title":"t","CustomerBusinessProblem":"A problem that is long enough.","DeliveryModels":["SaaS or PaaS"],
			"OtherSolutionDescription":"ours","ExpectedCustomerSpend":[{"Amount":"10","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}]}}`)
		if err != nil || status != http.StatusOK {
			t.Fatalf("create: %v HTTP %d %v", err, status, out)
		}
		id := out["Id"].(string)
		if status, out, err := on["doomed"].post(client, "SubmitOpportunity", `{"Catalog":"AWS","Identifier":"`+id+`","InvolvementType":"For Visibility Only"}`); err != nil || status != http.StatusOK {
			t.Fatalf("submit %s: %v HTTP %d %v", id, err, status, out)
		}
		submitted = append(submitted, id)
	}

	var mu sync.Mutex
	var acked []replicaWrite
	var dead atomic.Bool
	var afterKill atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, name := range []string{"doomed", "survivor"} {
		for w := range 3 {
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					token := fmt.Sprintf("%s-%d-%d", name, w, i)
					body := `{"Catalog":"Sandbox","ClientToken":"` + token + `",` + crashBody(token, token) + `}`
					status, out, err := on[name].post(client, "CreateOpportunity", body)
					if name == "doomed" && (err != nil || dead.Load()) {
						return // killed: this write is unacknowledged
					}
					if err != nil || status != http.StatusOK {
						t.Errorf("%s create %s: %v HTTP %d %v", name, token, err, status, out)
						return
					}
					mu.Lock()
					acked = append(acked, replicaWrite{token: token, id: out["Id"].(string), by: name})
					mu.Unlock()
					if dead.Load() {
						afterKill.Add(1)
					}
				}
			})
		}
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	for deadline := time.Now().Add(10 * time.Second); count() < 60 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	doomed.kill(t)
	dead.Store(true)
	// The survivor goes on: more writes acknowledged after the kill.
	for deadline := time.Now().Add(10 * time.Second); afterKill.Load() < 30 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if afterKill.Load() < 30 {
		t.Errorf("the survivor acknowledged %d writes in the 10 s after the kill", afterKill.Load())
	}

	byReplica := map[string]int{}
	for _, w := range acked {
		byReplica[w.by]++
		status, out, err := on["survivor"].post(client, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+w.id+`"}`)
		if err != nil || status != http.StatusOK {
			t.Errorf("%s, acknowledged by the %s replica as %s, lost: %v HTTP %d %v", w.token, w.by, w.id, err, status, out)
			continue
		}
		if company := out["Customer"].(map[string]any)["Account"].(map[string]any)["CompanyName"]; company != w.token {
			t.Errorf("%s: CompanyName %v, want %s", w.id, company, w.token)
		}
	}
	if byReplica["doomed"] == 0 {
		t.Error("the killed replica acknowledged no write before the kill")
	}

	// The reviews the dead one scheduled: moving the clock through the
	// survivor runs them there.
	req, _ := http.NewRequest(http.MethodPost, survivor.url+"/_pcs/clock/advance", strings.NewReader(`{"By": "2m"}`))
	if resp, err := client.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("advance the clock through the survivor: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
	for _, id := range submitted {
		status, out, err := on["survivor"].post(client, "GetOpportunity", `{"Catalog":"AWS","Identifier":"`+id+`"}`)
		if err != nil || status != http.StatusOK {
			t.Fatalf("get %s: %v HTTP %d %v", id, err, status, out)
		}
		if got := out["LifeCycle"].(map[string]any)["ReviewStatus"]; got != "In review" {
			t.Errorf("%s, submitted through the killed replica, is %v after 2m through the survivor; want In review (AWS's review job ran)", id, got)
		}
	}
	t.Logf("%d writes acknowledged: %d by the killed replica, %d by the survivor (%d after the kill)",
		len(acked), byReplica["doomed"], byReplica["survivor"], afterKill.Load())
}
