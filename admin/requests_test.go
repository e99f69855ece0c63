package admin_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/server"
)

// recorded is a record as GET /_pcs/requests answers it.
type recorded struct {
	Seq                         int64
	Time                        time.Time
	RequestID                   string `json:"RequestId"`
	Operation, Account, Catalog string
	Status                      int
	ErrorType, ErrorMessage     string
	Method, Path                string
	Request, Response           json.RawMessage
	RequestBytes                int
}

type requestsAnswer struct {
	status       int
	body         string
	Requests     []recorded
	Next, Missed int64
	ShuttingDown bool
}

func getRequests(t *testing.T, url string) requestsAnswer {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Error(err)
		return requestsAnswer{}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := requestsAnswer{status: resp.StatusCode, body: string(b)}
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, &a); err != nil {
			t.Errorf("%s: %v", b, err)
		}
	}
	return a
}

func (a requestsAnswer) ops() string {
	var ops []string
	for _, r := range a.Requests {
		ops = append(ops, r.Operation)
	}
	return strings.Join(ops, " ")
}

func TestRequests(t *testing.T) {
	s := apitest.NewWith(t, server.Config{RecordRequests: 3})
	s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
	s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
	s.Fail("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": "O1234567890"}, "ResourceNotFoundException")
	s.As("222222222222").OK("ListSolutions", map[string]any{"Catalog": "Sandbox"})
	s.Fail("ListSolutions", `{"Catalog":`, "SerializationException")
	base := s.URL + "/_pcs/requests"

	all := getRequests(t, base)
	if all.status != 200 || all.ops() != "ListSolutions ListSolutions GetOpportunity" || all.Next != 5 {
		t.Fatalf("all: HTTP %d, %q, Next %d; want the 3 latest, newest first, Next 5: %s", all.status, all.ops(), all.Next, all.body)
	}
	if r := all.Requests[0]; r.Seq != 5 || r.Status != 400 || r.ErrorType != "SerializationException" ||
		string(r.Request) != `"{\"Catalog\":"` || r.Account != s.Account {
		t.Errorf("a body that is not JSON: %+v", r)
	}
	got := getRequests(t, base+"?operation=GetOpportunity")
	if len(got.Requests) != 1 {
		t.Fatalf("GetOpportunity: %s", got.body)
	}
	r := got.Requests[0]
	if r.Status != 400 || r.ErrorType != "ResourceNotFoundException" || r.ErrorMessage == "" || r.Catalog != "AWS" ||
		r.Account != s.Account || r.Method != "POST" || r.Path != "/" || r.RequestID == "" || r.Time.IsZero() {
		t.Errorf("record %+v", r)
	}
	var sent bytes.Buffer
	_ = json.Compact(&sent, r.Request)
	if sent.String() != `{"Catalog":"AWS","Identifier":"O1234567890"}` || !strings.Contains(string(r.Response), "ResourceNotFoundException") ||
		r.RequestBytes != sent.Len() {
		t.Errorf("bodies %s / %s", r.Request, r.Response)
	}
	for query, want := range map[string]string{
		"account=222222222222":       "ListSolutions",
		"catalog=Sandbox":            "ListSolutions",
		"status=ok":                  "ListSolutions",
		"status=4xx":                 "ListSolutions GetOpportunity",
		"error=ValidationError":      "",
		"id=" + r.RequestID:          "GetOpportunity",
		"contains=O1234567890":       "GetOpportunity",
		"limit=1":                    "ListSolutions",
		"before=5&limit=1":           "ListSolutions",
		"after=3":                    "ListSolutions ListSolutions",
		"since=1h":                   "ListSolutions ListSolutions GetOpportunity",
		"since=2100-01-01T00:00:00Z": "",
	} {
		if got := getRequests(t, base+"?"+query); got.status != 200 || got.ops() != want {
			t.Errorf("?%s: HTTP %d %q, want %q", query, got.status, got.ops(), want)
		}
	}
	for _, query := range []string{"status=teapot", "limit=0", "limit=1001", "after=x", "before=-1", "since=yesterday", "wait=forever"} {
		if got := getRequests(t, base+"?"+query); got.status != http.StatusBadRequest || !strings.Contains(got.body, `"error"`) {
			t.Errorf("?%s: HTTP %d %s, want 400", query, got.status, got.body)
		}
	}
}

// TestRequestsLongPoll: a poll after the newest record waits for the next
// one, and one is answered at once, ShuttingDown, when the polls end.
func TestRequestsLongPoll(t *testing.T) {
	s := apitest.NewWith(t, server.Config{RecordRequests: 10})
	s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
	answered := make(chan requestsAnswer, 1)
	go func() { answered <- getRequests(t, s.URL+"/_pcs/requests?after=1&wait=30s&operation=GetOpportunity") }()
	time.Sleep(100 * time.Millisecond)
	s.OK("ListSolutions", map[string]any{"Catalog": "AWS"}) // not what the poll waits for
	select {
	case a := <-answered:
		t.Fatalf("answered before a matching request: %s", a.body)
	case <-time.After(200 * time.Millisecond):
	}
	s.Fail("GetOpportunity", map[string]any{"Catalog": "AWS", "Identifier": "O1234567890"}, "ResourceNotFoundException")
	select {
	case a := <-answered:
		if a.ops() != "GetOpportunity" || a.Next != 3 || a.ShuttingDown {
			t.Errorf("answer %s", a.body)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the poll was not answered within 2 s of a matching request")
	}

	go func() { answered <- getRequests(t, s.URL+"/_pcs/requests?after=3&wait=60s") }()
	time.Sleep(100 * time.Millisecond)
	s.PCS.EndLongPolls()
	select {
	case a := <-answered:
		if len(a.Requests) != 0 || a.Next != 3 || !a.ShuttingDown {
			t.Errorf("answer %s", a.body)
		}
	case <-time.After(time.Second):
		t.Fatal("the poll was not answered within a second of EndLongPolls")
	}
}

func TestRequestsOff(t *testing.T) {
	s := apitest.New(t)
	s.OK("ListSolutions", map[string]any{"Catalog": "AWS"})
	if got := getRequests(t, s.URL+"/_pcs/requests"); got.status != http.StatusNotFound || !strings.Contains(got.body, "-record-requests") {
		t.Errorf("HTTP %d %s, want 404 naming -record-requests", got.status, got.body)
	}
}
