package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestFrontAlternatesAndForwardsUnchanged: the front sends each request to
// the next backend in turn, with the method, path, query, headers (Host
// included) and body the client sent, and answers what the backend did;
// a backend that drops the connection has the front drop the client's.
func TestFrontAlternatesAndForwardsUnchanged(t *testing.T) {
	type seen struct{ backend, method, uri, host, target, body string }
	got := make(chan seen, 10)
	backend := func(name string) *url.URL {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/drop" {
				panic(http.ErrAbortHandler)
			}
			b, _ := io.ReadAll(r.Body)
			got <- seen{name, r.Method, r.RequestURI, r.Host, r.Header.Get("X-Amz-Target"), string(b)}
			w.Header().Set("X-Backend", name)
			w.WriteHeader(http.StatusTeapot)
			io.WriteString(w, "from "+name)
		}))
		t.Cleanup(srv.Close)
		u, _ := url.Parse(srv.URL)
		return u
	}
	front := httptest.NewServer(front([]*url.URL{backend("a"), backend("b")}))
	defer front.Close()

	for i, want := range []string{"a", "b", "a"} {
		req, _ := http.NewRequest(http.MethodPost, front.URL+"/p?x=1", strings.NewReader(`{"n":1}`))
		req.Host = "pcs.example.com:7426"
		req.Header.Set("X-Amz-Target", "Service.Operation")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTeapot || resp.Header.Get("X-Backend") != want || string(body) != "from "+want {
			t.Errorf("request %d: HTTP %d from %q: %q; want 418 from %s", i, resp.StatusCode, resp.Header.Get("X-Backend"), body, want)
		}
		s := <-got
		if wantSeen := (seen{want, "POST", "/p?x=1", "pcs.example.com:7426", "Service.Operation", `{"n":1}`}); s != wantSeen {
			t.Errorf("request %d: the backend saw %+v, want %+v", i, s, wantSeen)
		}
	}
	if resp, err := http.Get(front.URL + "/drop"); err == nil {
		resp.Body.Close()
		t.Errorf("a dropped connection came through the front as HTTP %d", resp.StatusCode)
	}
}
