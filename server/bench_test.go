package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"pcs/accounts"
	"pcs/reqlog"
	"pcs/selling"
	"pcs/server"
	"pcs/sigv4"
	"pcs/store"
	"pcs/store/sqlite"
)

// BenchmarkGetOpportunityServed measures GetOpportunity over HTTP through
// the whole assembly, as pcs serve builds it (request recorder, metrics,
// quotas and faults, error-level log), on a durable file store of
// PCS_BENCH_OPPS opportunities (default 100,000; PCS_BENCH_STORE names a
// store file kept between runs, seeded when it has none), with SigV4-signed
// requests from 32 clients (16 per core) on keep-alive connections. Beside it, in
// the same run, two bare net/http servers answer the same bytes: one that
// only reads the body, one that also verifies the signature with the AWS
// SDK's signer, as a bare server verifying SigV4 would.
//
// ns/op is wall time per request at that concurrency (1 ÷ throughput);
// cpu-µs/op is the process's CPU time per request, client included (the
// client costs the same for every server measured); gcs is the collections
// the process has run so far and live-MiB its heap after one more. The servers' goroutines
// carry the profiler label side=server, so that a CPU profile tells their
// share apart from the client's:
//
//	go test ./server -run XXX -bench 'GetOpportunityServed/pcs/local' -cpuprofile cpu.out
//	go tool pprof -tagfocus side=server -top cpu.out | head -5
func BenchmarkGetOpportunityServed(b *testing.B) {
	f := openServed(b)
	answer := firstAnswer(b, f.pcs(b, server.Config{}), f.cred, "GetOpportunity", fmt.Appendf(nil, `{"Catalog":"AWS","Identifier":%q}`, f.ids[0]))
	f.run(b, answer, func(b *testing.B, url string) { runGets(b, url, f.cred, f.ids) })
}

// BenchmarkListOpportunitiesServed measures ListOpportunities pages as
// BenchmarkGetOpportunityServed measures GetOpportunity, on the same store
// and with the same baselines: the listings of pcs bench's list-stage (one
// stage and review status, newest first, pages of 100) and list-company
// (one company sorted by name, pages of 20).
func BenchmarkListOpportunitiesServed(b *testing.B) {
	f := openServed(b)
	for _, l := range []struct {
		name string
		body func(i int64) []byte
	}{
		{"stage", func(i int64) []byte {
			return fmt.Appendf(nil, `{"Catalog":"AWS","LifeCycleStage":[%q],"LifeCycleReviewStatus":[%q],"MaxResults":100}`,
				selling.SeedStages[i%int64(len(selling.SeedStages))],
				selling.SeedReviewStatuses[(i/int64(len(selling.SeedStages)))%int64(len(selling.SeedReviewStatuses))])
		}},
		{"company", func(i int64) []byte {
			return fmt.Appendf(nil, `{"Catalog":"AWS","CustomerCompanyName":["Company %d"],"Sort":{"SortBy":"CustomerCompanyName","SortOrder":"ASCENDING"}}`,
				(i*7919)%selling.SeedCompanies)
		}},
	} {
		b.Run(l.name, func(b *testing.B) {
			answer := firstAnswer(b, f.pcs(b, server.Config{}), f.cred, "ListOpportunities", l.body(0))
			f.run(b, answer, func(b *testing.B, url string) { runRequests(b, url, f.cred, "ListOpportunities", l.body) })
		})
	}
}

// served is the store and credentials the served benchmarks share: a
// durable file store of PCS_BENCH_OPPS opportunities (default 100,000;
// PCS_BENCH_STORE names a store file kept between runs, seeded when it has
// none) of one account.
type served struct {
	db   *sqlite.DB
	ids  []string
	dir  *accounts.Directory
	cred sigv4.Credential
}

func openServed(b *testing.B) *served {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("PCS_BENCH_OPPS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	path := os.Getenv("PCS_BENCH_STORE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	const account, secret = "111111111111", "bench"
	scope := store.Scope{Account: account, Catalog: "AWS"}
	ids := storedIDs(b, path, scope)
	if len(ids) == 0 {
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		if ids, err = selling.SeedOpportunities(ctx, db, scope, start, 0, n); err != nil {
			b.Fatal(err)
		}
	}
	dir, err := accounts.New(accounts.File{Accounts: []accounts.Account{{AccountID: account,
		Keys: []accounts.Key{{AccessKeyID: account, SecretAccessKey: secret}}}}})
	if err != nil {
		b.Fatal(err)
	}
	return &served{db: db, ids: ids, dir: dir, cred: sigv4.Credential{AccessKeyID: account, SecretAccessKey: secret}}
}

// pcs is the handler pcs serve builds over the store with cfg (request
// recorder on, error-level log).
func (f *served) pcs(b *testing.B, cfg server.Config) http.Handler {
	cfg.Store, cfg.Logger = f.db, slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))
	cfg.RecordRequests, cfg.RecordBodyBytes = reqlog.DefaultSize, reqlog.DefaultMaxBodyBytes
	s, err := server.New(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	return s.Handler()
}

// run measures send against pcs (local and strict signature checks) and
// the two baselines answering answer.
func (f *served) run(b *testing.B, answer answer, send func(b *testing.B, url string)) {
	serve := func(b *testing.B, h http.Handler) {
		url, stop := labelledServer(b, h)
		defer stop()
		send(b, url)
	}
	b.Run("pcs/local", func(b *testing.B) {
		serve(b, f.pcs(b, server.Config{Auth: sigv4.Local{}}))
	})
	b.Run("pcs/strict", func(b *testing.B) {
		serve(b, f.pcs(b, server.Config{Accounts: f.dir, Auth: sigv4.Strict{Regions: []string{sigv4.ServiceRegion}, Credentials: f.dir}}))
	})
	b.Run("baseline/bare", func(b *testing.B) {
		serve(b, answerWith(answer, nil))
	})
	b.Run("baseline/sigv4", func(b *testing.B) {
		serve(b, answerWith(answer, func(r *http.Request, body []byte) bool { return verifySDK(r, body, f.cred.SecretAccessKey) }))
	})
}

// storedIDs are the ids of the opportunities of scope in the store file
// at path: a store kept between runs (PCS_BENCH_STORE) is seeded once.
func storedIDs(b *testing.B, path string, scope store.Scope) []string {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id FROM opportunity_versions WHERE account = ? AND catalog = ? AND valid_to IS NULL ORDER BY id_num`,
		scope.Account, scope.Catalog)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return ids
}

// labelledServer serves h on loopback from goroutines labelled
// side=server for the CPU profiler (each connection's goroutine inherits
// the label of the one that accepted it).
func labelledServer(b *testing.B, h http.Handler) (url string, stop func()) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go pprof.Do(context.Background(), pprof.Labels("side", "server"), func(context.Context) { srv.Serve(ln) })
	return "http://" + ln.Addr().String(), func() { srv.Close() }
}

// runGets sends signed GetOpportunity requests of random ids from 32
// clients until b.N are answered.
func runGets(b *testing.B, url string, cred sigv4.Credential, ids []string) {
	runRequests(b, url, cred, "GetOpportunity", func(i int64) []byte {
		return fmt.Appendf(nil, `{"Catalog":"AWS","Identifier":%q}`, ids[(i*7919)%int64(len(ids))])
	})
}

// runRequests sends signed requests of op, the i-th with body(i), from 32
// clients until b.N are answered.
func runRequests(b *testing.B, url string, cred sigv4.Credential, op string, body func(i int64) []byte) {
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var next atomic.Int64
	b.SetParallelism(16)
	b.ReportAllocs()
	cpu := cpuTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if status, out := call(client, url, cred, op, body(next.Add(1))); status != http.StatusOK {
				b.Errorf("HTTP %d: %s", status, out)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.NumGC), "gcs")
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "live-MiB")
}

func call(client *http.Client, url string, cred sigv4.Credential, op string, body []byte) (int, []byte) {
	req, err := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(body))
	if err != nil {
		return 0, []byte(err.Error())
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	sigv4.Sign(req, body, cred, sigv4.ServiceRegion, sigv4.DefaultService, time.Now())
	resp, err := client.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, out
}

type answer struct {
	header http.Header
	body   []byte
}

func firstAnswer(b *testing.B, h http.Handler, cred sigv4.Credential, op string, body []byte) answer {
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	sigv4.Sign(req, body, cred, sigv4.ServiceRegion, sigv4.DefaultService, time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("HTTP %d: %s", resp.StatusCode, out)
	}
	return answer{header: resp.Header, body: out}
}

// answerWith is a bare handler answering a's bytes, after verify (when
// set) accepts the request.
func answerWith(a answer, verify func(r *http.Request, body []byte) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if verify != nil && !verify(r, body) {
			http.Error(w, "bad signature", http.StatusForbidden)
			return
		}
		for k, v := range a.header {
			if k != "Date" && k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.Write(a.body)
	})
}

// verifySDK checks a header signature with the AWS SDK's signer: the
// signed headers copied onto a fresh request, signed again, compared.
func verifySDK(r *http.Request, body []byte, secret string) bool {
	auth := r.Header.Get("Authorization")
	params := map[string]string{}
	for part := range strings.SplitSeq(strings.TrimPrefix(auth, "AWS4-HMAC-SHA256 "), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		params[k] = v
	}
	scope := strings.Split(params["Credential"], "/")
	if len(scope) != 5 {
		return false
	}
	t, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return false
	}
	req := &http.Request{Method: r.Method, URL: r.URL, Host: r.Host, Header: http.Header{}}
	for h := range strings.SplitSeq(params["SignedHeaders"], ";") {
		switch h {
		case "host", "x-amz-date":
		case "content-length":
			req.ContentLength = r.ContentLength
		default:
			req.Header[h] = r.Header.Values(h)
		}
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: scope[0], SecretAccessKey: secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), scope[3], scope[2], t); err != nil {
		return false
	}
	got := req.Header.Get("Authorization")
	return got[strings.LastIndex(got, "Signature=")+len("Signature="):] == params["Signature"]
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
