package selling

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"pcs/api"
	"pcs/awsjson"
	"pcs/caller"
	"pcs/clock"
	"pcs/sigv4"
	"pcs/store"
	"pcs/store/sqlite"
)

// BenchmarkDurableWritesHTTP measures durable CreateOpportunity and
// UpdateOpportunity over HTTP at 32 concurrent clients (16 per core, as
// `pcs bench -concurrency 32` on two cores), against a file store (WAL,
// synchronous FULL) of 10,000 seeded opportunities. Client and server share
// the process, so CPU per operation includes the client's. An update
// carries back what GetOpportunity answered (read once, before the timer)
// with NextSteps changed and the LastModifiedDate its previous update
// answered, so it never conflicts.
func BenchmarkDurableWritesHTTP(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const n = 10_000
	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	ids, err := SeedOpportunities(ctx, db, scope, benchStart, 0, n)
	if err != nil {
		b.Fatal(err)
	}
	svc := New(db, clock.NewFixed(benchStart.Add(n*time.Second)), Config{})
	srv := httptest.NewServer(awsjson.New(awsjson.Config{Service: WithStoredAnswers(svc), Auth: sigv4.Local{DefaultAccount: sigv4.DefaultAccount}}))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

	// Each opportunity's update body, with placeholders for what changes.
	updates := make([]*updateBody, n)
	actx := caller.NewContext(ctx, caller.Identity{AccountID: scope.Account})
	for i, id := range ids {
		got, err := svc.GetOpportunity(actx, &api.GetOpportunityRequest{Catalog: ptr("AWS"), Identifier: ptr(id)})
		if err != nil {
			b.Fatal(err)
		}
		in := api.UpdateOpportunityRequest{Catalog: ptr("AWS"), Identifier: ptr(id), LastModifiedDate: api.NewDateTime(benchStart),
			Customer: got.Customer, LifeCycle: got.LifeCycle, Marketing: got.Marketing, NationalSecurity: got.NationalSecurity,
			OpportunityType: got.OpportunityType, PartnerOpportunityIdentifier: got.PartnerOpportunityIdentifier,
			PrimaryNeedsFromAws: got.PrimaryNeedsFromAws, Project: got.Project, SoftwareRevenue: got.SoftwareRevenue}
		lc := *got.LifeCycle
		lc.ReviewStatus, lc.ReviewComments, lc.ReviewStatusReason, lc.NextStepsHistory = nil, nil, nil, nil
		lc.NextSteps = ptr("@NEXT@")
		in.LifeCycle = &lc
		body, err := json.Marshal(in)
		if err != nil {
			b.Fatal(err)
		}
		body = bytes.Replace(body, []byte(benchStart.Format("2006-01-02T15:04:05.000Z")), []byte("@LMD@"), 1)
		updates[i] = &updateBody{body: body, lastModified: got.LastModifiedDate.Format("2006-01-02T15:04:05.000Z")}
	}

	send := func(b *testing.B, op string, body []byte) []byte {
		req := benchRequest(b, srv.URL, op, "111111111111", body)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: HTTP %d: %s", op, resp.StatusCode, out)
		}
		return out
	}
	var token, next atomic.Int64
	ops := []struct {
		name string
		run  func(b *testing.B)
	}{
		{"create", func(b *testing.B) {
			t := strconv.FormatInt(token.Add(1), 10)
			send(b, api.OpCreateOpportunity, SampleCreateBody("AWS", "bench-"+t, "CRM-"+t, "2030-06-30"))
		}},
		{"update", func(b *testing.B) {
			u := updates[int(next.Add(1))%n]
			u.mu.Lock()
			defer u.mu.Unlock()
			body := bytes.Replace(u.body, []byte("@LMD@"), []byte(u.lastModified), 1)
			body = bytes.Replace(body, []byte("@NEXT@"), strconv.AppendInt([]byte("Follow-up call "), next.Load(), 10), 1)
			var out struct{ LastModifiedDate string }
			if err := json.Unmarshal(send(b, api.OpUpdateOpportunity, body), &out); err != nil {
				b.Fatal(err)
			}
			u.lastModified = out.LastModifiedDate
		}},
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					op.run(b)
				}
			})
		})
	}
}

// BenchmarkWriteCPU measures what CreateOpportunity and UpdateOpportunity
// cost one at a time, called on the service (no HTTP) over an in-memory
// store of 10,000 seeded opportunities: the work of the write transaction,
// which the store's one writer runs for every write in turn, without the
// disk. An update is the one BenchmarkDurableWritesHTTP sends.
func BenchmarkWriteCPU(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.OpenMemory(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const n = 10_000
	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	ids, err := SeedOpportunities(ctx, db, scope, benchStart, 0, n)
	if err != nil {
		b.Fatal(err)
	}
	svc := New(db, clock.NewFixed(benchStart.Add(n*time.Second)), Config{})
	actx := caller.NewContext(ctx, caller.Identity{AccountID: scope.Account})
	updates := make([]*api.UpdateOpportunityRequest, n)
	for i, id := range ids {
		got, err := svc.GetOpportunity(actx, &api.GetOpportunityRequest{Catalog: ptr("AWS"), Identifier: ptr(id)})
		if err != nil {
			b.Fatal(err)
		}
		lc := *got.LifeCycle
		lc.ReviewStatus, lc.ReviewComments, lc.ReviewStatusReason, lc.NextStepsHistory = nil, nil, nil, nil
		updates[i] = &api.UpdateOpportunityRequest{Catalog: ptr("AWS"), Identifier: ptr(id), LastModifiedDate: got.LastModifiedDate,
			Customer: got.Customer, LifeCycle: &lc, Marketing: got.Marketing, NationalSecurity: got.NationalSecurity,
			OpportunityType: got.OpportunityType, PartnerOpportunityIdentifier: got.PartnerOpportunityIdentifier,
			PrimaryNeedsFromAws: got.PrimaryNeedsFromAws, Project: got.Project, SoftwareRevenue: got.SoftwareRevenue}
	}
	var create api.CreateOpportunityRequest
	if err := json.Unmarshal(SampleCreateBody("AWS", "t", "CRM-t", "2030-06-30"), &create); err != nil {
		b.Fatal(err)
	}
	b.Run("create", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		i := 0
		for b.Loop() {
			i++
			in := create
			in.ClientToken = ptr("cpu-" + strconv.Itoa(i))
			if _, err := svc.CreateOpportunity(actx, &in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("update", func(b *testing.B) {
		b.ReportAllocs()
		defer reportCPU(b)()
		i := 0
		for b.Loop() {
			in := updates[i%n]
			i++
			lc := *in.LifeCycle
			lc.NextSteps = ptr("Follow-up call " + strconv.Itoa(i))
			in.LifeCycle = &lc
			out, err := svc.UpdateOpportunity(actx, in)
			if err != nil {
				b.Fatal(err)
			}
			in.LastModifiedDate = out.LastModifiedDate
		}
	})
}

// reportCPU starts counting the process's CPU time (user and system, the
// garbage collector's included); the function it returns reports it per
// operation as cpu-ns/op, which other work on the machine moves less than
// the wall-clock ns/op.
func reportCPU(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() { b.ReportMetric(float64(cpu()-start)/float64(b.N), "cpu-ns/op") }
}

// updateBody is one opportunity's UpdateOpportunity request, with
// @LMD@ and @NEXT@ for its LastModifiedDate and NextSteps.
type updateBody struct {
	mu           sync.Mutex
	body         []byte
	lastModified string
}
