package apitest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// AdminRaw sends an admin request (a path under /_pcs/) with token as its
// bearer token, none when "", and returns the status and the body.
func (s *Server) AdminRaw(method, path, token, body string) (int, []byte) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, b
}

// Admin sends an admin request as AdminRaw does and decodes its answer,
// failing the test when that is not a JSON object.
func (s *Server) Admin(method, path, token, body string) (int, map[string]any) {
	s.t.Helper()
	status, b := s.AdminRaw(method, path, token, body)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		s.t.Fatalf("%s %s answered HTTP %d with %q, not a JSON object", method, path, status, b)
	}
	return status, m
}
