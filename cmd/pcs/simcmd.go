package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
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

func simCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, simUsage)
		return errUsage
	}
	ef := newEnvFlags("pcs sim "+args[0], simPrefix, stderr, simUsage)
	admin := adminFlags(ef)
	var out []byte
	var err error
	switch args[0] {
	case "clock":
		if err := ef.parse(args[1:], getenv); err != nil {
			return err
		}
		rest := ef.fs.Args()
		switch {
		case len(rest) == 0:
			out, err = admin.call(ctx, http.MethodGet, "/_pcs/clock", nil)
		case len(rest) == 2 && rest[0] == "advance":
			out, err = admin.call(ctx, http.MethodPost, "/_pcs/clock/advance", map[string]string{"By": rest[1]})
		default:
			fmt.Fprintln(stderr, simUsage)
			return errUsage
		}
	case "review":
		var r struct{ Account, Catalog, Identifier, Outcome, ReviewComments, ReviewStatusReason string }
		ef.fs.StringVar(&r.Account, "account", "", "12-digit partner `account`")
		ef.fs.StringVar(&r.Catalog, "catalog", "AWS", "`catalog`: AWS or Sandbox")
		ef.fs.StringVar(&r.Identifier, "id", "", "opportunity `id`")
		ef.fs.StringVar(&r.Outcome, "outcome", "Approved", "Approved, \"Action Required\" or Rejected")
		ef.fs.StringVar(&r.ReviewComments, "comments", "", "ReviewComments AWS sends with the outcome")
		ef.fs.StringVar(&r.ReviewStatusReason, "reason", "", "ReviewStatusReason AWS sends with the outcome")
		if err := ef.parse(args[1:], getenv); err != nil {
			return err
		}
		out, err = admin.call(ctx, http.MethodPost, "/_pcs/sim/review", r)
	case "referral", "lead":
		offer := awsOffers[args[0]]
		r := map[string]any{}
		account := ef.fs.String("account", "", "12-digit partner `account` that receives the "+args[0])
		catalog := ef.fs.String("catalog", "Sandbox", "`catalog`: AWS or Sandbox")
		message := ef.fs.String("message", "", "the invitation's `message` (AWS's standard one when empty)")
		file := ef.fs.String("file", "", offer.fileHelp)
		if err := ef.parse(args[1:], getenv); err != nil {
			return err
		}
		r["Account"], r["Catalog"] = *account, *catalog
		if *message != "" {
			r["Message"] = *message
		}
		if *file != "" {
			b, err := os.ReadFile(*file)
			if err != nil {
				return err
			}
			r[offer.member] = json.RawMessage(b)
		}
		out, err = admin.call(ctx, http.MethodPost, offer.path, r)
	case "expire":
		var r struct{ Catalog, Identifier string }
		ef.fs.StringVar(&r.Catalog, "catalog", "Sandbox", "`catalog`: AWS or Sandbox")
		ef.fs.StringVar(&r.Identifier, "id", "", "invitation `id` or ARN")
		if err := ef.parse(args[1:], getenv); err != nil {
			return err
		}
		out, err = admin.call(ctx, http.MethodPost, "/_pcs/sim/expire", r)
	case "run":
		if err := ef.parse(args[1:], getenv); err != nil {
			return err
		}
		out, err = admin.call(ctx, http.MethodPost, "/_pcs/sim/run", nil)
	case "jobs":
		state := ef.fs.String("state", "", "only jobs in this `state`: pending, done or failed")
		if err := ef.parse(args[1:], getenv); err != nil {
			return err
		}
		out, err = admin.call(ctx, http.MethodGet, "/_pcs/sim/jobs?"+url.Values{"state": {*state}}.Encode(), nil)
	default:
		fmt.Fprintln(stderr, simUsage)
		return errUsage
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}
