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
	"testing"
	"time"

	"pcs/awsjson"
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
	s := &benchServer{url: pcs.URL, account: "111111111111", ids: ids}
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
