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

const solutionsUsage = `Usage:
  pcs solutions add  -account ID -catalog AWS|Sandbox -name NAME -category CATEGORY [-status Active|Inactive|Draft] [-id S-1234567]
  pcs solutions list -account ID -catalog AWS|Sandbox

Partner solutions live in Partner Central, not in the Selling API, so pcs
takes them through its admin endpoint (POST /_pcs/solutions). An opportunity
can be associated only with an Active solution of its own account and catalog.`

func solutions(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprintln(stderr, solutionsUsage)
		return errUsage
	}
	ef := newEnvFlags("pcs solutions "+args[0], stderr, solutionsUsage)
	fs := ef.fs
	endpoint := fs.String("endpoint", defaultEndpoint, "`URL` of the running pcs")
	ef.bind("endpoint", "PCS_ENDPOINT")
	var spec struct {
		Account  string `json:"Account"`
		Catalog  string `json:"Catalog"`
		ID       string `json:"Id,omitempty"`
		Name     string `json:"Name"`
		Category string `json:"Category"`
		Status   string `json:"Status,omitempty"`
	}
	fs.StringVar(&spec.Account, "account", "", "12-digit partner `account`")
	fs.StringVar(&spec.Catalog, "catalog", "Sandbox", "`catalog`: AWS or Sandbox")
	if args[0] == "add" {
		fs.StringVar(&spec.ID, "id", "", "solution `id` (S- and digits); assigned when empty")
		fs.StringVar(&spec.Name, "name", "", "solution `name`")
		fs.StringVar(&spec.Category, "category", "Software Product", "solution `category`")
		fs.StringVar(&spec.Status, "status", "Active", "`status`: Active, Inactive or Draft")
	}
	if err := ef.parse(args[1:], getenv); err != nil {
		return err
	}
	base := strings.TrimRight(*endpoint, "/") + "/_pcs/solutions"
	var req *http.Request
	var err error
	if args[0] == "add" {
		body, _ := json.Marshal(spec)
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, base, bytes.NewReader(body))
	} else {
		q := url.Values{"account": {spec.Account}, "catalog": {spec.Catalog}}
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, base+"?"+q.Encode(), nil)
	}
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("is pcs running at %s? %w", *endpoint, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		if json.Unmarshal(out, &e) == nil && e.Error != "" {
			return fmt.Errorf("%s", e.Error)
		}
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, out)
	}
	_, err = stdout.Write(out)
	return err
}
