package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

const faultsUsage = `Usage:
  pcs faults add -action ACTION [-op NAME|PATTERN] [-account ID] [-probability P] [-count N]
                 [-latency DURATION] [-retry-after DURATION] [-message TEXT]
  pcs faults list
  pcs faults clear [-id N]
  pcs faults quotas [-account ID]

Injects failures into API calls on a running pcs, to test a client's retries.
ACTION is one of:
  throttle        answer ThrottlingException (HTTP 400; SDKs retry it)
  internal-error  answer InternalServerException (HTTP 500; SDKs retry it)
  latency         delay the call by -latency, then let it through
  drop            close the connection without answering; the call is not made
  drop-response   make the call, then close the connection without answering
                  (a retry with the same ClientToken must not duplicate the write)
A rule hits every matching call (-op, -account) with -probability (default
1) until removed, or for the next -count calls. "quotas" shows the request
quotas in force (pcs serve -quotas) and an account's use of them.`

func faultsCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if err := subcommand(stderr, "pcs faults", faultsUsage, "add, list, clear or quotas", args, "add", "list", "clear", "quotas"); err != nil {
		return err
	}
	ef := newEnvFlags("pcs faults "+args[0], noPrefix, stderr, faultsUsage)
	admin := adminFlags(ef)
	fs := ef.fs
	var out []byte
	var err error
	switch args[0] {
	case "add":
		var rule struct {
			Action      string  `json:"action"`
			Operation   string  `json:"operation,omitempty"`
			Account     string  `json:"account,omitempty"`
			Probability float64 `json:"probability,omitempty"`
			Count       int     `json:"count,omitempty"`
			Latency     string  `json:"latency,omitempty"`
			RetryAfter  string  `json:"retryAfter,omitempty"`
			Message     string  `json:"message,omitempty"`
		}
		fs.StringVar(&rule.Action, "action", "", "`action`: throttle, internal-error, latency, drop or drop-response")
		fs.StringVar(&rule.Operation, "op", "", "operation `name` or pattern (List*); every operation when empty")
		fs.StringVar(&rule.Account, "account", "", "caller `account`; every account when empty")
		fs.Float64Var(&rule.Probability, "probability", 0, "chance in (0, 1] that a matching call is hit (default 1)")
		fs.IntVar(&rule.Count, "count", 0, "hit the next `N` matching calls, then remove the rule (0: until removed)")
		latency := fs.Duration("latency", 0, "`delay` of a latency rule")
		retryAfter := fs.Duration("retry-after", 0, "Retry-After `delay` sent with throttle and internal-error")
		fs.StringVar(&rule.Message, "message", "", "error `message` instead of the default")
		ef.require("action")
		if err := ef.parseNoArgs(args[1:], getenv); err != nil {
			return err
		}
		rule.Latency, rule.RetryAfter = durationOrEmpty(*latency), durationOrEmpty(*retryAfter)
		out, err = admin.call(ctx, http.MethodPost, "/_pcs/faults", rule)
	case "list":
		if err := ef.parseNoArgs(args[1:], getenv); err != nil {
			return err
		}
		out, err = admin.call(ctx, http.MethodGet, "/_pcs/faults", nil)
	case "clear":
		id := fs.Int("id", 0, "remove only the rule with this `id`")
		if err := ef.parseNoArgs(args[1:], getenv); err != nil {
			return err
		}
		path := "/_pcs/faults"
		if *id > 0 {
			path += "/" + strconv.Itoa(*id)
		}
		out, err = admin.call(ctx, http.MethodDelete, path, nil)
	case "quotas":
		account := fs.String("account", "", "show this `account`'s use of each quota")
		if err := ef.parseNoArgs(args[1:], getenv); err != nil {
			return err
		}
		path := "/_pcs/quotas"
		if *account != "" {
			path += "?" + url.Values{"account": {*account}}.Encode()
		}
		out, err = admin.call(ctx, http.MethodGet, path, nil)
	}
	if err != nil {
		return err
	}
	var pretty any
	if json.Unmarshal(out, &pretty) == nil {
		if b, err := json.MarshalIndent(pretty, "", "  "); err == nil {
			out = append(b, '\n')
		}
	}
	_, err = stdout.Write(out)
	return err
}

func durationOrEmpty(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}
