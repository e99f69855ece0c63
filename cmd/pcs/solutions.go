package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
)

const solutionsUsage = `Usage:
  pcs solutions add  -account ID -catalog AWS|Sandbox -name NAME -category CATEGORY [-status Active|Inactive|Draft] [-id S-1234567]
                     [-marketplace-arn arn:aws:aws-marketplace:REGION:ACCOUNT:AWSMarketplace/Solution/ID]
  pcs solutions list -account ID -catalog AWS|Sandbox

Partner solutions live in Partner Central, not in the Selling API, so pcs
takes them through its admin endpoint (POST /_pcs/solutions). An opportunity
can be associated only with an Active solution of its own account and catalog.
A solution listed in AWS Marketplace carries its listing's ARN (-marketplace-arn),
which ListSolutions shows and filters by.`

func solutions(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if err := subcommand(stderr, "pcs solutions", solutionsUsage, "add or list", args, "add", "list"); err != nil {
		return err
	}
	ef := newEnvFlags("pcs solutions "+args[0], noPrefix, stderr, solutionsUsage)
	fs := ef.fs
	admin := adminFlags(ef)
	var spec struct {
		Account  string `json:"Account"`
		Catalog  string `json:"Catalog"`
		ID       string `json:"Id,omitempty"`
		Name     string `json:"Name"`
		Category string `json:"Category"`
		Status   string `json:"Status,omitempty"`
		ARN      string `json:"AwsMarketplaceSolutionArn,omitempty"`
	}
	fs.StringVar(&spec.Account, "account", "", "12-digit partner `account`")
	fs.StringVar(&spec.Catalog, "catalog", "Sandbox", "`catalog`: AWS or Sandbox")
	if args[0] == "add" {
		fs.StringVar(&spec.ID, "id", "", "solution `id` (S- and digits); assigned when empty")
		fs.StringVar(&spec.Name, "name", "", "solution `name`")
		fs.StringVar(&spec.Category, "category", "Software Product", "solution `category`")
		fs.StringVar(&spec.Status, "status", "Active", "`status`: Active, Inactive or Draft")
		fs.StringVar(&spec.ARN, "marketplace-arn", "", "the solution's AWS Marketplace listing `arn`, if it has one")
	}
	ef.require("account")
	if args[0] == "add" {
		ef.require("name")
	}
	if err := ef.parseNoArgs(args[1:], getenv); err != nil {
		return err
	}
	var out []byte
	var err error
	if args[0] == "add" {
		out, err = admin.call(ctx, http.MethodPost, "/_pcs/solutions", spec)
	} else {
		q := url.Values{"account": {spec.Account}, "catalog": {spec.Catalog}}
		out, err = admin.call(ctx, http.MethodGet, "/_pcs/solutions?"+q.Encode(), nil)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(out)
	return err
}
