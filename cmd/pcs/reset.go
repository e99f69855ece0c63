package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

const resetUsage = `Usage:
  pcs reset [-clock]                            delete everything
  pcs reset -account ID [-catalog AWS|Sandbox]  delete one partner account's records

Deletes what tests made on a running pcs (POST /_pcs/reset), in one
transaction, and prints how many records of each kind went.

Without -account: every account's records, the AWS-side jobs, the events, the
injected fault rules and the quota usage; -clock also puts the pcs clock back
on the wall clock. With -account: that partner's records (in -catalog only,
or both catalogs), the AWS-side jobs and events of what goes, its fault
rules and its quota usage, while other accounts' tests run on. Other
accounts keep their side of what they share with it: an engagement stays
with its other members, without it. The pcs clock is one for every account,
so -clock goes only with a reset of everything.`

func resetCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	ef := newEnvFlags("pcs reset", noPrefix, stderr, resetUsage)
	admin := adminFlags(ef)
	var req struct {
		Account string `json:",omitempty"`
		Catalog string `json:",omitempty"`
		Clock   bool   `json:",omitempty"`
	}
	ef.fs.StringVar(&req.Account, "account", "", "reset only this 12-digit partner `account`")
	ef.fs.StringVar(&req.Catalog, "catalog", "", "with -account, reset only this `catalog`: AWS or Sandbox")
	ef.fs.BoolVar(&req.Clock, "clock", false, "also put the pcs clock back on the wall clock (a reset of everything only)")
	if err := ef.parse(args, getenv); err != nil {
		return err
	}
	if ef.fs.NArg() > 0 {
		fmt.Fprintln(stderr, resetUsage)
		return errUsage
	}
	out, err := admin.call(ctx, http.MethodPost, "/_pcs/reset", req)
	if err != nil {
		return err
	}
	return printJSON(stdout, out)
}
