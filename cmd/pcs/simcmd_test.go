package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const leadFile = `{"Customer": {"CompanyName": "Northwind Traders Ltd.", "Industry": "Retail", "Address": {"City": "Manchester", "CountryCode": "GB"}},
	"Interactions": [{"SourceType": "Event", "SourceId": "summit-2026-lon", "SourceName": "AWS Summit London", "CustomerAction": "Asked for a partner",
		"Contact": {"BusinessTitle": "Head of Data", "FirstName": "Priya", "LastName": "Shah", "Email": "priya.shah@northwind.example.com"}}]}`

func TestSimLead(t *testing.T) {
	url, stop := startServe(t, "-in-memory")
	defer stop()
	dir := t.TempDir()
	lead := filepath.Join(dir, "lead.json")
	if err := os.WriteFile(lead, []byte(leadFile), 0o600); err != nil {
		t.Fatal(err)
	}
	noAddress := filepath.Join(dir, "no-address.json")
	if err := os.WriteFile(noAddress, []byte(strings.Replace(leadFile, `, "Address": {"City": "Manchester", "CountryCode": "GB"}`, "", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	noCompany := filepath.Join(dir, "no-company.json")
	if err := os.WriteFile(noCompany, []byte(strings.Replace(leadFile, `"CompanyName": "Northwind Traders Ltd.", `, "", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    []string // in the printed invitation
		wantErr string
	}{
		{"sample lead", []string{"-account", "111111111111"}, nil,
			[]string{`"PayloadType": "LeadInvitation"`, `"Catalog": "Sandbox"`, `"ContactBusinessTitle": "Director of IT"`}, ""},
		{"lead from a file", []string{"-account", "111111111111", "-catalog", "AWS", "-file", lead, "-message", "A retail lead"}, nil,
			[]string{`"SenderAwsAccountId": "aws"`, `"CompanyName": "Northwind Traders Ltd."`, `"InvitationMessage": "A retail lead"`}, ""},
		{"flags from the environment", nil,
			map[string]string{"PCS_SIM_ACCOUNT": "111111111111", "PCS_SIM_CATALOG": "AWS", "PCS_SIM_FILE": lead, "PCS_SIM_MESSAGE": "From the environment"},
			[]string{`"Catalog": "AWS"`, `"CompanyName": "Northwind Traders Ltd."`, `"InvitationMessage": "From the environment"`}, ""},
		{"flag beats variable", []string{"-catalog", "Sandbox"}, map[string]string{"PCS_SIM_ACCOUNT": "111111111111", "PCS_SIM_CATALOG": "AWS"},
			[]string{`"Catalog": "Sandbox"`}, ""},
		{"lead without an address", []string{"-account", "111111111111", "-file", noAddress}, nil,
			[]string{`"CompanyName": "Northwind Traders Ltd."`, `"EnrichmentContext"`, `"LeadReadinessScore": "Low"`}, ""},
		{"every problem", []string{"-account", "1", "-file", noCompany}, nil, nil,
			"Account must be a 12-digit AWS account id; Lead: Customer.CompanyName is required"},
		{"missing file", []string{"-account", "111111111111", "-file", filepath.Join(dir, "none.json")}, nil, nil, "none.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			args := append([]string{"sim", "lead", "-endpoint", url}, tt.args...)
			err := run(context.Background(), args, &out, io.Discard, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("printed invitation lacks %s:\n%s", w, out.String())
				}
			}
			if strings.Contains(out.String(), "Priya") || strings.Contains(out.String(), "@") {
				t.Errorf("the invitation shows a contact:\n%s", out.String())
			}
			inv := regexp.MustCompile(`engi-[0-9a-z]{13}`).FindString(out.String())
			catalog := regexp.MustCompile(`"Catalog": "(\w+)"`).FindStringSubmatch(out.String())[1]
			if _, body := call(t, url, "GetEngagementInvitation", `{"Catalog":"`+catalog+`","Identifier":"`+inv+`"}`); !strings.Contains(body, `"PayloadType":"LeadInvitation"`) {
				t.Errorf("the partner sees %s", body)
			}
		})
	}
}

func TestSimLeadHelpNamesEveryVariable(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"sim", "lead", "-h"}, io.Discard, &out, env(nil))
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run = %v, want flag.ErrHelp", err)
	}
	for _, v := range []string{"pcs sim lead -account ID", "-account", "$PCS_SIM_ACCOUNT", "-catalog", "$PCS_SIM_CATALOG",
		"-file", "$PCS_SIM_FILE", "-message", "$PCS_SIM_MESSAGE", "-endpoint", "$PCS_ENDPOINT", "-admin-token", "$PCS_ADMIN_TOKEN"} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("help lacks %s:\n%s", v, out.String())
		}
	}
}
