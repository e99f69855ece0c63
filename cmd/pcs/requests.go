package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

const requestsUsage = `Usage:
  pcs requests [-f] [-json] [-operation OP] [-account ID] [-catalog C]
               [-status S] [-error TYPE] [-id ID] [-since 15m] [-limit N]

Prints the API requests pcs answered, the newest last, one a line: when it
came, the HTTP status, the operation, the account and catalog, how long it
took, its request id and its error. -json prints the whole records instead,
bodies included. -f then keeps printing new requests as they come, until
interrupted. pcs keeps the latest -record-requests of them (1000 by default),
without their credentials.`

// requestRecord is what this command reads of a recorded request; -json
// prints the record as pcs sent it.
type requestRecord struct {
	Seq          int64
	Time         time.Time
	RequestID    string `json:"RequestId"`
	Operation    string
	Account      string
	Catalog      string
	Status       int
	Dropped      bool
	ErrorType    string
	ErrorMessage string
	LatencyMs    float64
}

type requestsPage struct {
	Requests     []json.RawMessage // newest first
	Next, Missed int64
	ShuttingDown bool
}

func requestsCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	ef := newEnvFlags("pcs requests", noPrefix, stderr, requestsUsage)
	admin := adminFlags(ef)
	fs := ef.fs
	follow := fs.Bool("f", false, "follow: keep printing new requests until interrupted")
	asJSON := fs.Bool("json", false, "print each whole record as a JSON line, bodies included")
	limit := fs.Int("limit", 100, "print at most this many of the latest `requests` first (1 to 1000)")
	filters := map[string]*string{
		"operation": fs.String("operation", "", "only this `operation`, e.g. CreateOpportunity"),
		"account":   fs.String("account", "", "only this 12-digit caller `account`"),
		"catalog":   fs.String("catalog", "", "only this `catalog`: AWS or Sandbox"),
		"status":    fs.String("status", "", "only this `status`: an HTTP status (400), a class (4xx), ok, error or dropped"),
		"error":     fs.String("error", "", "only this error `type`, e.g. ValidationException"),
		"id":        fs.String("id", "", "only the request with this request `id` (x-amzn-RequestId)"),
		"contains":  fs.String("contains", "", "only requests whose bodies, error message or query hold this `text`, e.g. an opportunity id"),
		"since":     fs.String("since", "", "only requests since this `time` (RFC 3339) or this long ago (15m)"),
	}
	if err := ef.parse(args, getenv); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	q := url.Values{"limit": {strconv.Itoa(*limit)}}
	for name, v := range filters {
		if *v != "" {
			q.Set(name, *v)
		}
	}
	show := func(page requestsPage) error {
		for _, raw := range slices.Backward(page.Requests) {
			if err := printRequest(stdout, raw, *asJSON); err != nil {
				return err
			}
		}
		return nil
	}
	page, err := fetchRequests(ctx, admin, q)
	if err != nil || ctx.Err() != nil {
		return quietOnCancel(ctx, err)
	}
	if err := show(page); err != nil || !*follow {
		return err
	}
	// Follow: long polls from the cursor, as many records an answer as pcs gives.
	q.Set("limit", "1000")
	q.Set("wait", "20s")
	for !page.ShuttingDown {
		q.Set("after", strconv.FormatInt(page.Next, 10))
		if page, err = fetchRequests(ctx, admin, q); err != nil || ctx.Err() != nil {
			return quietOnCancel(ctx, err)
		}
		if page.Missed > 0 {
			fmt.Fprintf(stderr, "pcs requests: %d requests left pcs's buffer before they could be printed\n", page.Missed)
		}
		if err := show(page); err != nil {
			return err
		}
	}
	fmt.Fprintln(stderr, "pcs requests: pcs is shutting down")
	return nil
}

// quietOnCancel is err, or nil once ctx is cancelled (an interrupt ends
// the command without an error).
func quietOnCancel(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return nil
	}
	return err
}

func fetchRequests(ctx context.Context, admin *adminClient, q url.Values) (requestsPage, error) {
	var page requestsPage
	body, err := admin.call(ctx, http.MethodGet, "/_pcs/requests?"+q.Encode(), nil)
	if err != nil {
		return page, err
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return page, fmt.Errorf("requests: %w", err)
	}
	return page, nil
}

// printRequest prints one record: its JSON on one line, or the summary
// line
//
//	2026-01-05T09:00:00.123Z  400  CreateOpportunity  111111111111/Sandbox  0.84ms  <request id>  ValidationException: <message>
func printRequest(w io.Writer, raw json.RawMessage, asJSON bool) error {
	if asJSON {
		var line bytes.Buffer
		if err := json.Compact(&line, raw); err != nil {
			return fmt.Errorf("requests: %w", err)
		}
		line.WriteByte('\n')
		_, err := w.Write(line.Bytes())
		return err
	}
	var r requestRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("requests: %w", err)
	}
	status := strconv.Itoa(r.Status)
	if r.Dropped {
		status = "dropped"
	}
	line := fmt.Sprintf("%s  %s  %s  %s/%s  %sms  %s", r.Time.UTC().Format("2006-01-02T15:04:05.000Z"), status,
		orDash(r.Operation), orDash(r.Account), orDash(r.Catalog), strconv.FormatFloat(r.LatencyMs, 'f', -1, 64), r.RequestID)
	if r.ErrorType != "" {
		line += "  " + r.ErrorType + ": " + strings.Join(strings.Fields(r.ErrorMessage), " ")
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
