package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
)

const simUsage = `Usage:
  pcs sim clock                      show the pcs clock
  pcs sim clock advance DURATION     move it forward (90s, 15m, 2h, 15d, 1d12h) and run what fell due
  pcs sim review -account ID -catalog AWS|Sandbox -id O123 -outcome Approved|"Action Required"|Rejected [-comments TEXT] [-reason TEXT]
                                     decide AWS's review of a submitted opportunity now
  pcs sim referral -account ID -catalog AWS|Sandbox [-file payload.json] [-message TEXT]
                                     have AWS send an AWS referral (an OpportunityInvitation payload; a sample one without -file)
  pcs sim lead -account ID -catalog AWS|Sandbox [-file lead.json] [-message TEXT]
                                     have AWS send a lead (a LeadContext: customer, interactions with their contacts;
                                     a sample one without -file); the partner sees no contact's name, email or phone
                                     until it accepts (AcceptEngagementInvitation)
  pcs sim expire -catalog AWS|Sandbox -id engi-…
                                     make a pending invitation expire now
  pcs sim run                        run the AWS-side jobs that are due
  pcs sim jobs [-state pending|done|failed]
                                     list the AWS side's scheduled jobs

Every flag of a subcommand can also be set by PCS_SIM_<FLAG> (-account by
$PCS_SIM_ACCOUNT, -file by $PCS_SIM_FILE); -endpoint by $PCS_ENDPOINT.

pcs plays AWS: in the AWS catalog a submitted opportunity goes In review and
gets an outcome on the schedule "pcs serve" was given (-review-wait,
-review-time, -review-outcome), timed by the pcs clock that these commands move.`

// awsOffers are the invitations AWS sends on request: where to ask for
// one, and the request member that carries the -file's JSON.
var awsOffers = map[string]struct{ path, member, fileHelp string }{
	"referral": {"/_pcs/sim/referral", "Payload", "JSON `file` with the OpportunityInvitation payload"},
	"lead":     {"/_pcs/sim/lead", "Lead", "JSON `file` with the lead: a LeadContext (Customer with Address, Interactions with their Contact)"},
}

// simCommands are the subcommands of pcs sim, as simUsage lists them.
var simCommands = []string{"clock", "review", "referral", "lead", "expire", "run", "jobs"}

func simCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if err := subcommand(stderr, "pcs sim", simUsage, strings.Join(simCommands, ", "), args, simCommands...); err != nil {
		return err
	}
	sub := args[0]
	ef := newEnvFlags("pcs sim "+sub, simPrefix, stderr, simUsage)
	admin := adminFlags(ef)
	// call makes the request once the flags are parsed.
	var call func() ([]byte, error)
	switch sub {
	case "clock":
		call = func() ([]byte, error) {
			rest := ef.fs.Args()
			switch {
			case len(rest) == 0:
				return admin.call(ctx, http.MethodGet, "/_pcs/clock", nil)
			case rest[0] != "advance":
				return nil, ef.fail("unknown clock command %q: want advance DURATION, or nothing to show the clock", rest[0])
			case len(rest) == 1:
				return nil, ef.fail("missing the DURATION to advance the clock by (90s, 15m, 2h, 15d, 1d12h)")
			case len(rest) > 2:
				return nil, ef.fail("unexpected %s", quoteArgs(rest[2:]))
			}
			return admin.call(ctx, http.MethodPost, "/_pcs/clock/advance", map[string]string{"By": rest[1]})
		}
	case "review":
		var r struct{ Account, Catalog, Identifier, Outcome, ReviewComments, ReviewStatusReason string }
		ef.fs.StringVar(&r.Account, "account", "", "12-digit partner `account`")
		ef.fs.StringVar(&r.Catalog, "catalog", "AWS", "`catalog`: AWS or Sandbox")
		ef.fs.StringVar(&r.Identifier, "id", "", "opportunity `id`")
		ef.fs.StringVar(&r.Outcome, "outcome", "Approved", "Approved, \"Action Required\", Rejected, or \"In review\" to start the review")
		ef.fs.StringVar(&r.ReviewComments, "comments", "", "ReviewComments AWS sends with the outcome")
		ef.fs.StringVar(&r.ReviewStatusReason, "reason", "", "ReviewStatusReason AWS sends with the outcome")
		ef.require("account", "id")
		call = func() ([]byte, error) { return admin.call(ctx, http.MethodPost, "/_pcs/sim/review", r) }
	case "referral", "lead":
		offer := awsOffers[sub]
		account := ef.fs.String("account", "", "12-digit partner `account` that receives the "+sub)
		catalog := ef.fs.String("catalog", "Sandbox", "`catalog`: AWS or Sandbox")
		message := ef.fs.String("message", "", "the invitation's `message` (AWS's standard one when empty)")
		file := ef.fs.String("file", "", offer.fileHelp)
		ef.require("account")
		call = func() ([]byte, error) {
			r := map[string]any{"Account": *account, "Catalog": *catalog}
			if *message != "" {
				r["Message"] = *message
			}
			if *file != "" {
				b, err := os.ReadFile(*file)
				if err != nil {
					return nil, err
				}
				r[offer.member] = json.RawMessage(b)
			}
			return admin.call(ctx, http.MethodPost, offer.path, r)
		}
	case "expire":
		var r struct{ Catalog, Identifier string }
		ef.fs.StringVar(&r.Catalog, "catalog", "Sandbox", "`catalog`: AWS or Sandbox")
		ef.fs.StringVar(&r.Identifier, "id", "", "invitation `id` or ARN")
		ef.require("id")
		call = func() ([]byte, error) { return admin.call(ctx, http.MethodPost, "/_pcs/sim/expire", r) }
	case "run":
		call = func() ([]byte, error) { return admin.call(ctx, http.MethodPost, "/_pcs/sim/run", nil) }
	case "jobs":
		state := ef.fs.String("state", "", "only jobs in this `state`: pending, done or failed")
		call = func() ([]byte, error) {
			return admin.call(ctx, http.MethodGet, "/_pcs/sim/jobs?"+url.Values{"state": {*state}}.Encode(), nil)
		}
	}
	parse := ef.parseNoArgs
	if sub == "clock" {
		parse = ef.parse // call checks its arguments
	}
	if err := parse(args[1:], getenv); err != nil {
		return err
	}
	out, err := call()
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}
