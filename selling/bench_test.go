package selling

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// Benchmarks of the whole HTTP path (protocol, service, store) against a
// store holding many opportunities, each with a baseline: a bare net/http
// handler answering the same bytes over the same client, so that figures
// can be read as ratios on a noisy machine. PCS_BENCH_OPPS sets the store
// size (default 100000; the figures in docs/benchmarks.md use 1000000).

func benchOpps() int {
	if n, err := strconv.Atoi(os.Getenv("PCS_BENCH_OPPS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

type benchServer struct {
	db      store.Store
	url     string
	account string
	ids     []string
}

var benchStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// loadBenchStore writes n realistic opportunities for one account straight
// into a file store, and returns their ids.
func loadBenchStore(b *testing.B, n int) (store.Store, []string) {
	b.Helper()
	ctx := context.Background()
	// The store outlives the sub-benchmark that loads it: later ones reuse it.
	dir, err := os.MkdirTemp("", "pcs-bench-")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	ids, err := SeedOpportunities(ctx, db, store.Scope{Account: "111111111111", Catalog: "AWS"}, benchStart, 0, n)
	if err != nil {
		b.Fatal(err)
	}
	return db, ids
}

var (
	benchServers = map[int]*benchServer{}
	benchDirs    []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func startBench(b *testing.B) *benchServer {
	n := benchOpps()
	if s := benchServers[n]; s != nil {
		return s
	}
	db, ids := loadBenchStore(b, n)
	svc := New(db, clock.NewFixed(benchStart.Add(time.Duration(n)*time.Second)), Config{})
	pcs := httptest.NewServer(awsjson.New(awsjson.Config{Service: svc, Auth: sigv4.Local{DefaultAccount: sigv4.DefaultAccount}}))
	s := &benchServer{db: db, url: pcs.URL, account: "111111111111", ids: ids}
	benchServers[n] = s
	return s
}

func benchRequest(b *testing.B, url, op, account string, body []byte) *http.Request {
	req, err := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	req.Header.Set("X-Amz-Date", "20260105T090000Z")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+account+
		"/20260105/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
	return req
}

func do(b *testing.B, req *http.Request, body []byte) []byte {
	req.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("HTTP %d: %s", resp.StatusCode, out)
	}
	return out
}

// benchOp measures op with bodies from next, then the baseline answering
// the last response's bytes, and reports the ratio.
func benchOp(b *testing.B, op string, next func(i int) []byte) {
	s := startBench(b)
	var last []byte
	b.Run("pcs", func(b *testing.B) {
		i := 0
		for b.Loop() {
			body := next(i)
			i++
			last = do(b, benchRequest(b, s.url, op, s.account, body), body)
		}
	})
	baseline := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Write(last)
	}))
	defer baseline.Close()
	b.Run("baseline", func(b *testing.B) {
		i := 0
		for b.Loop() {
			body := next(i)
			i++
			do(b, benchRequest(b, baseline.URL, op, s.account, body), body)
		}
	})
}

func BenchmarkGetOpportunity(b *testing.B) {
	ids := startBench(b).ids
	benchOp(b, "GetOpportunity", func(i int) []byte {
		return fmt.Appendf(nil, `{"Catalog":"AWS","Identifier":%q}`, ids[(i*7919)%len(ids)])
	})
}

func BenchmarkListOpportunities(b *testing.B) {
	n := benchOpps()
	mid := benchStart.Add(time.Duration(n/2) * time.Second).Format(time.RFC3339)
	for name, body := range map[string]string{
		"newest-page":     `{"Catalog":"AWS"}`,
		"stage+status":    `{"Catalog":"AWS","LifeCycleStage":["Qualified"],"LifeCycleReviewStatus":["Approved"],"MaxResults":100}`,
		"modified-after":  `{"Catalog":"AWS","LastModifiedDate":{"AfterLastModifiedDate":"` + mid + `"},"MaxResults":100}`,
		"company-by-name": `{"Catalog":"AWS","CustomerCompanyName":["Company 7"],"Sort":{"SortBy":"CustomerCompanyName","SortOrder":"ASCENDING"}}`,
	} {
		b.Run(name, func(b *testing.B) {
			benchOp(b, "ListOpportunities", func(int) []byte { return []byte(body) })
		})
	}
}

// BenchmarkListLargeDocuments lists pages of 1 and 100 opportunities whose
// stored documents are large (about 1 MB each: ApnPrograms of 16 strings of
// 65,000 characters, which a store written before the per-member limits may
// hold), each after the same page over seeded documents (about 1.5 KB) in
// the same run; "x-small" is the ratio of the two. A listing that reads
// only the stored summaries keeps it near 1, however large the documents.
func BenchmarkListLargeDocuments(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const n = 101
	small := store.Scope{Account: "111111111111", Catalog: "AWS"}
	large := store.Scope{Account: "222222222222", Catalog: "AWS"}
	if _, err := SeedOpportunities(ctx, db, small, benchStart, 0, n); err != nil {
		b.Fatal(err)
	}
	programs := make([]string, 16)
	for i := range programs {
		programs[i] = strings.Repeat(string(rune('a'+i)), 65_000)
	}
	err = db.Update(ctx, func(tx store.Tx) error {
		for i := range n {
			seq, err := tx.NextSequence(ctx, "opportunity")
			if err != nil {
				return err
			}
			o := seedOpportunity(large, opportunityID(seq), i, benchStart.Add(time.Duration(i)*time.Second))
			o.Project.ApnPrograms = programs
			rec, err := o.record(large)
			if err != nil {
				return err
			}
			if err := tx.InsertOpportunity(ctx, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	svc := New(db, clock.NewFixed(benchStart.Add(n*time.Second)), Config{})
	for _, page := range []int32{1, 100} {
		var smallPerOp float64 // ns per listing of small documents
		for _, scope := range []store.Scope{small, large} {
			name := "small"
			if scope == large {
				name = "large"
			}
			b.Run(fmt.Sprintf("page=%d/%s", page, name), func(b *testing.B) {
				ctx := caller.NewContext(ctx, caller.Identity{AccountID: scope.Account})
				in := &api.ListOpportunitiesRequest{Catalog: ptr("AWS"), MaxResults: ptr(page)}
				for b.Loop() {
					out, err := svc.ListOpportunities(ctx, in)
					if err != nil || len(out.OpportunitySummaries) != int(page) {
						b.Fatalf("%v, %d summaries", err, len(out.OpportunitySummaries))
					}
				}
				perOp := float64(b.Elapsed()) / float64(b.N)
				if scope == large {
					b.ReportMetric(perOp/smallPerOp, "x-small")
				} else {
					smallPerOp = perOp
				}
			})
		}
	}
}

// BenchmarkGetOpportunityStoredAnswer compares GetOpportunity over HTTP
// answered from the decoded document (a service without stored answers)
// and from the stored answer, on the same store in the same run.
func BenchmarkGetOpportunityStoredAnswer(b *testing.B) {
	s := startBench(b)
	svc := New(s.db, clock.NewFixed(benchStart), Config{})
	for _, c := range []struct {
		name string
		svc  api.Service
	}{{"decoded", svc}, {"stored", WithStoredAnswers(svc)}} {
		srv := httptest.NewServer(awsjson.New(awsjson.Config{Service: c.svc, Auth: sigv4.Local{DefaultAccount: sigv4.DefaultAccount}}))
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				body := fmt.Appendf(nil, `{"Catalog":"AWS","Identifier":%q}`, s.ids[(i*7919)%len(s.ids)])
				i++
				do(b, benchRequest(b, srv.URL, "GetOpportunity", s.account, body), body)
			}
		})
		srv.Close()
	}
}

// BenchmarkListOpportunitiesStoredSummaries compares a filtered
// ListOpportunities page (stage and review status, newest first) over HTTP
// built from the decoded summaries (a service without stored answers) and
// spliced from the stored ones, on the same store in the same run.
func BenchmarkListOpportunitiesStoredSummaries(b *testing.B) {
	s := startBench(b)
	svc := New(s.db, clock.NewFixed(benchStart), Config{})
	for _, page := range []int{20, 100} {
		body := fmt.Appendf(nil, `{"Catalog":"AWS","LifeCycleStage":["Qualified"],"LifeCycleReviewStatus":["Approved"],"MaxResults":%d}`, page)
		for _, c := range []struct {
			name string
			svc  api.Service
		}{{"decoded", svc}, {"stored", WithStoredAnswers(svc)}} {
			srv := httptest.NewServer(awsjson.New(awsjson.Config{Service: c.svc, Auth: sigv4.Local{DefaultAccount: sigv4.DefaultAccount}}))
			b.Run(fmt.Sprintf("page=%d/%s", page, c.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					do(b, benchRequest(b, srv.URL, "ListOpportunities", s.account, body), body)
				}
			})
			srv.Close()
		}
	}
}
