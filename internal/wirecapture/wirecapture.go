// Package wirecapture reads recorded HTTP requests of the official clients
// (JSON lines: name, method, path, time, headers in wire order, body) and
// rebuilds them as Go's server parses them off the wire. Tests of the
// protocol handler and of the signature check replay them.
package wirecapture

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"os"
	"testing"
	"time"
)

// Capture is one recorded request.
type Capture struct {
	Name    string      `json:"name"`
	Method  string      `json:"method"`
	Path    string      `json:"path"`
	Time    float64     `json:"time"` // Unix seconds when it was sent
	Headers [][2]string `json:"headers"`
	Body    string      `json:"body"`
}

// Load reads the captures of a JSON-lines file.
func Load(t testing.TB, path string) []Capture {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []Capture
	for line := range bytes.Lines(data) {
		var c Capture
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, c)
	}
	return out
}

// Request rebuilds the request by parsing its raw HTTP/1.1 bytes, so that
// Host and the headers land where they do in production.
func (c Capture) Request(t testing.TB) *http.Request {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(c.Method + " " + c.Path + " HTTP/1.1\r\n")
	for _, h := range c.Headers {
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n" + c.Body)
	r, err := http.ReadRequest(bufio.NewReader(&b))
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	return r
}

// When is the instant the request was sent.
func (c Capture) When() time.Time {
	sec, frac := math.Modf(c.Time)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}
