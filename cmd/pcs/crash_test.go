package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// childEnv makes the test binary run "pcs serve" instead of the tests: the
// crash test kills a real pcs process, and re-running this binary is one
// (a "go build" of pcs in the test would cost minutes on a cold cache).
const childEnv = "PCS_TEST_RUN_AS_PCS"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
		stop()
		if err != nil {
			fmt.Fprintln(os.Stderr, "pcs:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// pcsProcess is "pcs serve" running as a child process.
type pcsProcess struct {
	cmd *exec.Cmd
	url string
}

func startProcess(t *testing.T, args ...string) *pcsProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "-addr", "127.0.0.1:0", "-log-level", "error"}, args...)...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("pcs did not start: %v", err)
	}
	go io.Copy(io.Discard, out)
	p := &pcsProcess{cmd: cmd, url: regexp.MustCompile(`http://[0-9.:]+`).FindString(line)}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	return p
}

func (p *pcsProcess) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

// crashCreate is one CreateOpportunity of the load: its token, body and
// what the client learnt.
type crashCreate struct {
	token, body string
	acked       bool
	id          string
	lmd         string
	// pid is the PartnerOpportunityIdentifier the last acknowledged write
	// left; next is the one of a write in flight when pcs died, which may
	// or may not have been committed.
	pid, next string
}

func crashBody(token, pid string) string {
	return `"Customer":{"Account":{"CompanyName":"` + token + `","WebsiteUrl":"https://example.com"}},"PartnerOpportunityIdentifier":"` + pid + `"`
}

// TestCrashSafety kills pcs (SIGKILL) in the middle of a concurrent write
// load, restarts it on the same data directory, and checks that every
// acknowledged write is there and intact, and that retrying every
// unacknowledged create with its ClientToken succeeds exactly once.
func TestCrashSafety(t *testing.T) {
	dir := t.TempDir()
	p := startProcess(t, "-data-dir", dir)
	client := &http.Client{Timeout: 10 * time.Second}
	s := signer{url: p.url, key: "111111111111", secret: "x"}

	var mu sync.Mutex
	var creates []*crashCreate
	var dead atomic.Bool
	var acked atomic.Int32
	var wg sync.WaitGroup
	const workers = 8
	for w := range workers {
		wg.Go(func() {
			for i := 0; !dead.Load(); i++ {
				c := &crashCreate{token: fmt.Sprintf("crash-%d-%d", w, i)}
				c.body = `{"Catalog":"Sandbox","ClientToken":"` + c.token + `",` + crashBody(c.token, c.token+"/v0") + `}`
				c.next = c.token + "/v0"
				mu.Lock()
				creates = append(creates, c)
				mu.Unlock()
				status, out, err := s.post(client, "CreateOpportunity", c.body)
				if err != nil || dead.Load() {
					return // pcs died; this create is unacknowledged
				}
				if status != http.StatusOK {
					t.Errorf("create %s: HTTP %d %s", c.token, status, out)
					return
				}
				c.acked, c.id, c.lmd, c.pid, c.next = true, out["Id"].(string), out["LastModifiedDate"].(string), c.next, ""
				acked.Add(1)
				// Update it a few times: each acknowledged update must survive.
				for v := 1; v <= i%4; v++ {
					c.next = fmt.Sprintf("%s/v%d", c.token, v)
					body := `{"Catalog":"Sandbox","Identifier":"` + c.id + `","LastModifiedDate":"` + c.lmd + `","Marketing":{"Source":"None"},` + crashBody(c.token, c.next) + `}`
					status, out, err := s.post(client, "UpdateOpportunity", body)
					if err != nil || dead.Load() {
						return
					}
					if status != http.StatusOK {
						t.Errorf("update %s: HTTP %d %v", c.token, status, out)
						return
					}
					c.pid, c.lmd, c.next = c.next, out["LastModifiedDate"].(string), ""
				}
			}
		})
	}
	// Let the load run, then pull the plug while requests are in flight.
	target := int32(100)
	if testing.Short() {
		target = 30
	}
	deadline := time.Now().Add(5 * time.Second)
	for acked.Load() < target && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	p.kill(t)
	dead.Store(true)
	wg.Wait()
	if t.Failed() {
		return
	}
	if acked.Load() == 0 {
		t.Fatal("no write was acknowledged before the kill")
	}

	p = startProcess(t, "-data-dir", dir)
	s.url = p.url
	unacked, inFlightUpdates := 0, 0
	for _, c := range creates {
		if c.acked && c.next != "" {
			inFlightUpdates++
		}
		if c.acked {
			status, out, err := s.post(client, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+c.id+`"}`)
			if err != nil || status != http.StatusOK {
				t.Errorf("acknowledged %s (%s) lost: %v HTTP %d %v", c.token, c.id, err, status, out)
				continue
			}
			got, _ := out["PartnerOpportunityIdentifier"].(string)
			company, _ := out["Customer"].(map[string]any)["Account"].(map[string]any)["CompanyName"].(string)
			if (got != c.pid && got != c.next) || company != c.token {
				t.Errorf("%s: PartnerOpportunityIdentifier %q, company %q; want %q (or the write in flight, %q)", c.id, got, company, c.pid, c.next)
			}
		} else {
			unacked++
		}
		// The client's retry: same token, same body. Once acknowledged, the
		// answer is the same opportunity; otherwise it is created now, or
		// found if it was committed before the kill.
		status, out, err := s.post(client, "CreateOpportunity", c.body)
		if err != nil || status != http.StatusOK {
			t.Errorf("retrying %s: %v HTTP %d %v", c.token, err, status, out)
			continue
		}
		if c.acked && out["Id"] != c.id {
			t.Errorf("retrying acknowledged %s: Id %v, want %s", c.token, out["Id"], c.id)
		}
	}
	// Exactly one opportunity per token, no more, none missing.
	count := map[string]int{}
	next := ""
	for {
		body := `{"Catalog":"Sandbox","MaxResults":100}`
		if next != "" {
			body = `{"Catalog":"Sandbox","MaxResults":100,"NextToken":"` + next + `"}`
		}
		status, out, err := s.post(client, "ListOpportunities", body)
		if err != nil || status != http.StatusOK {
			t.Fatalf("list: %v %d %v", err, status, out)
		}
		for _, o := range out["OpportunitySummaries"].([]any) {
			name := o.(map[string]any)["Customer"].(map[string]any)["Account"].(map[string]any)["CompanyName"].(string)
			count[name]++
		}
		next, _ = out["NextToken"].(string)
		if next == "" {
			break
		}
	}
	for _, c := range creates {
		if count[c.token] != 1 {
			t.Errorf("%s: %d opportunities, want exactly 1", c.token, count[c.token])
		}
	}
	if len(count) != len(creates) {
		t.Errorf("%d distinct opportunities for %d tokens", len(count), len(creates))
	}
	t.Logf("%d creates: %d acknowledged, %d in flight at the kill; %d updates in flight", len(creates), len(creates)-unacked, unacked, inFlightUpdates)
}

// post sends a signed call with client and decodes the JSON answer.
func (s signer) post(client *http.Client, op, body string) (int, map[string]any, error) {
	req, err := http.NewRequest(http.MethodPost, s.url+"/", strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	signSDK(req, body, s.key, s.secret)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m, nil
}
