package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestClientRequests runs the admin clients against a stand-in for pcs and
// checks the request each sends: flags may come before or after the
// command's arguments, and -endpoint may be a bare host:port.
func TestClientRequests(t *testing.T) {
	type request struct{ method, path, body string }
	got := make(chan request, 1)
	pcs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- request{r.Method, r.URL.RequestURI(), strings.TrimSpace(string(b))}
		io.WriteString(w, `{"Events":[],"Next":0}`)
	}))
	defer pcs.Close()
	hostPort := strings.TrimPrefix(pcs.URL, "http://")
	tests := []struct {
		name string
		args []string // -endpoint URL is put where ENDPOINT stands
		want request
	}{
		{"flags first", []string{"sim", "clock", "-endpoint", "ENDPOINT", "advance", "2m"}, request{"POST", "/_pcs/clock/advance", `{"By":"2m"}`}},
		{"flags last", []string{"sim", "clock", "advance", "2m", "-endpoint", "ENDPOINT"}, request{"POST", "/_pcs/clock/advance", `{"By":"2m"}`}},
		{"flags between", []string{"sim", "clock", "advance", "-endpoint=ENDPOINT", "90s"}, request{"POST", "/_pcs/clock/advance", `{"By":"90s"}`}},
		{"the clock", []string{"sim", "clock", "-endpoint", "ENDPOINT"}, request{"GET", "/_pcs/clock", ""}},
		{"a bare host:port is http", []string{"sim", "run", "-endpoint", hostPort}, request{"POST", "/_pcs/sim/run", ""}},
		{"a trailing slash", []string{"sim", "run", "-endpoint", pcs.URL + "/"}, request{"POST", "/_pcs/sim/run", ""}},
		{"review", []string{"sim", "review", "-id", "O1", "-endpoint", "ENDPOINT", "-account", "111111111111", "-outcome", "Rejected"},
			request{"POST", "/_pcs/sim/review", `{"Account":"111111111111","Catalog":"AWS","Identifier":"O1","Outcome":"Rejected","ReviewComments":"","ReviewStatusReason":""}`}},
		{"jobs", []string{"sim", "jobs", "-endpoint", "ENDPOINT", "-state", "done"}, request{"GET", "/_pcs/sim/jobs?state=done", ""}},
		{"faults clear", []string{"faults", "clear", "-endpoint", "ENDPOINT", "-id", "3"}, request{"DELETE", "/_pcs/faults/3", ""}},
		{"faults add", []string{"faults", "add", "-action", "throttle", "-endpoint", "ENDPOINT", "-count", "2"},
			request{"POST", "/_pcs/faults", `{"action":"throttle","count":2}`}},
		{"solutions list", []string{"solutions", "list", "-account", "111111111111", "-endpoint", "ENDPOINT"},
			request{"GET", "/_pcs/solutions?account=111111111111&catalog=Sandbox", ""}},
		{"events tail", []string{"events", "tail", "-follow=false", "-endpoint", "ENDPOINT", "-after", "7"},
			request{"GET", "/_pcs/events?account=&after=7", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "ENDPOINT", pcs.URL)
			}
			var stderr bytes.Buffer
			if err := run(context.Background(), args, io.Discard, &stderr, env(nil)); err != nil {
				t.Fatalf("pcs %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
			}
			select {
			case r := <-got:
				if r != tt.want {
					t.Errorf("sent %+v\nwant %+v", r, tt.want)
				}
			default:
				t.Fatal("sent nothing")
			}
		})
	}
}

func TestEndpointURL(t *testing.T) {
	tests := []struct {
		endpoint, want, wantErr string
	}{
		{"http://127.0.0.1:7426", "http://127.0.0.1:7426", ""},
		{"127.0.0.1:7426", "http://127.0.0.1:7426", ""},
		{"localhost:7426", "http://localhost:7426", ""},
		{"https://pcs.example.com/", "https://pcs.example.com", ""},
		{"https://proxy.example.com/pcs", "https://proxy.example.com/pcs", ""},
		{"", "", `-endpoint "": want the URL of a running pcs`},
		{"ftp://127.0.0.1:7426", "", `-endpoint "ftp://127.0.0.1:7426": want the URL`},
		{"http://", "", "want the URL"},
		{"http://127.0.0.1:7426?x=1", "", "want the URL"},
		{"http://[::1", "", "want the URL"},
	}
	for _, tt := range tests {
		got, err := endpointURL(tt.endpoint)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%q: error %v, want one with %q", tt.endpoint, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("%q: %q, %v; want %q", tt.endpoint, got, err, tt.want)
		}
	}
}
