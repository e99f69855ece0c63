package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

const defaultEndpoint = "http://" + defaultAddr

// adminClient talks to a running pcs's admin endpoints.
type adminClient struct {
	endpoint string // URL of the running pcs
	token    string // bearer token of the admin endpoints; "" sends none
}

// adminFlags adds the flags every client of the admin endpoints takes; the
// client they describe is ready once the flags are parsed.
func adminFlags(ef *envFlags) *adminClient {
	c := &adminClient{}
	ef.fs.StringVar(&c.endpoint, "endpoint", defaultEndpoint, "`URL` of the running pcs")
	ef.shared("endpoint")
	ef.fs.StringVar(&c.token, "admin-token", "", "bearer `token` of the pcs admin endpoints")
	ef.shared("admin-token")
	ef.check(func() (err error) {
		c.endpoint, err = endpointURL(c.endpoint)
		return err
	})
	return c
}

// endpointURL is the URL of a running pcs that an -endpoint names. A bare
// host:port, as -addr takes it, means http://host:port: pcs itself serves
// plain HTTP, so the address pcs serve was given works as it is; a TLS
// proxy in front of it is named by its https:// URL.
func endpointURL(endpoint string) (string, error) {
	s := endpoint
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("-endpoint %q: want the URL of a running pcs, such as %s", endpoint, defaultEndpoint)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// call sends one request to the admin endpoints and returns the answer's
// body, or its error message as an error.
func (c *adminClient) call(ctx context.Context, method, path string, body any) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	return c.send(ctx, method, path, rd)
}

// send is call with a body sent as it is (a file, a stream).
func (c *adminClient) send(ctx context.Context, method, path string, body io.Reader) ([]byte, error) {
	resp, err := c.do(ctx, method, path, body)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// do sends one request with body as it is and returns the answer, whose
// body the caller reads and closes; an answer other than 200 is its error
// message as an error.
func (c *adminClient) do(ctx context.Context, method, path string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.endpoint, "/")+path, body)
	if err != nil {
		return nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("is pcs running at %s? %w", c.endpoint, err)
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var e struct{ Error string }
	if json.Unmarshal(out, &e) == nil && e.Error != "" {
		return nil, fmt.Errorf("%s", e.Error)
	}
	return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, out)
}
