package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

const defaultEndpoint = "http://" + defaultAddr

// adminFlags adds the flags every client of the admin endpoints takes.
func adminFlags(ef *envFlags) *string {
	endpoint := ef.fs.String("endpoint", defaultEndpoint, "`URL` of the running pcs")
	ef.bind("endpoint", "PCS_ENDPOINT")
	bindAdminToken(ef)
	return endpoint
}

// adminCall sends one request to a running pcs's admin endpoints and
// returns the answer's body, or its error message as an error.
func adminCall(ctx context.Context, endpoint, method, path string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(endpoint, "/")+path, rd)
	if err != nil {
		return nil, err
	}
	setAdminToken(req)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("is pcs running at %s? %w", endpoint, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		if json.Unmarshal(out, &e) == nil && e.Error != "" {
			return nil, fmt.Errorf("%s", e.Error)
		}
		return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, out)
	}
	return out, nil
}
