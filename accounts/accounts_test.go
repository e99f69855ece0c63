package accounts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pcs/api"
	"pcs/caller"
)

const good = `{"accounts":[
 {"accountId":"111111111111","companyName":"AnyCompany","alias":"anycompany",
  "keys":[
   {"accessKeyId":"AKIAANY0000000000001","secretAccessKey":"s1"},
   {"accessKeyId":"AKIAANYSANDBOXREAD01","secretAccessKey":"s2","sessionToken":"tok","catalogs":["Sandbox"],"operations":["Get*","partnercentral:ListOpportunities"]}
  ],
  "users":[{"email":"Jane@AnyCompany.com","firstName":"Jane","lastName":"Doe"}]},
 {"accountId":"222222222222","companyName":"Example Corp","keys":[{"accessKeyId":"AKIAEXAMPLE000000001","secretAccessKey":"s3","catalogs":["AWS"]}]}
]}`

func TestParse(t *testing.T) {
	d, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 3 {
		t.Errorf("Len = %d", d.Len())
	}
	c, ok, err := d.Lookup(context.Background(), "AKIAANYSANDBOXREAD01")
	if err != nil || !ok || c.AccountID != "111111111111" || c.SecretAccessKey != "s2" || c.SessionToken != "tok" {
		t.Errorf("Lookup = %+v %v %v", c, ok, err)
	}
	if _, ok, _ := d.Lookup(context.Background(), "AKIANOBODY"); ok {
		t.Error("unknown key found")
	}
	if a, _ := d.Account("222222222222"); a.Alias != DefaultAlias || a.CompanyName != "Example Corp" {
		t.Errorf("account = %+v", a)
	}
	if d.CompanyName("111111111111") != "AnyCompany" || d.CompanyName("999999999999") != "" {
		t.Error("CompanyName")
	}
	if u, found, listed := d.User("111111111111", "jane@anycompany.com"); !found || !listed || u.FirstName != "Jane" {
		t.Errorf("User = %+v %v %v", u, found, listed)
	}
	if _, found, listed := d.User("111111111111", "joe@anycompany.com"); found || !listed {
		t.Error("unknown user of an account with users")
	}
	if _, found, listed := d.User("222222222222", "joe@example.com"); found || listed {
		t.Error("account without users must not be listed")
	}
}

func TestParseErrorsNameTheEntry(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"not json", `{`, "not a credentials file"},
		{"unknown member", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s","catalog":["AWS"]}]}]}`, `unknown field "catalog"`},
		{"no accounts", `{"accounts":[]}`, "no accounts"},
		{"bad account", `{"accounts":[{"accountId":"1111","keys":[{"accessKeyId":"A","secretAccessKey":"s"}]}]}`, `accounts[0] (1111): accountId "1111": an AWS account id is 12 digits`},
		{"duplicate account", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s"}]},{"accountId":"111111111111","keys":[{"accessKeyId":"B","secretAccessKey":"s"}]}]}`, "accounts[1] (111111111111): accountId is listed twice"},
		{"no keys", `{"accounts":[{"accountId":"111111111111"}]}`, "accounts[0] (111111111111): no keys"},
		{"bad alias", `{"accounts":[{"accountId":"111111111111","alias":"a b","keys":[{"accessKeyId":"A","secretAccessKey":"s"}]}]}`, `alias "a b"`},
		{"bad key id", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"AK/IA","secretAccessKey":"s"}]}]}`, `keys[0] (AK/IA): accessKeyId "AK/IA"`},
		{"no secret", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"AKIA1"}]}]}`, "accounts[0] (111111111111): keys[0] (AKIA1): secretAccessKey is required"},
		{"duplicate key", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s"}]},{"accountId":"222222222222","keys":[{"accessKeyId":"A","secretAccessKey":"s"}]}]}`, "accounts[1] (222222222222): keys[0] (A): accessKeyId is already a key of account 111111111111"},
		{"bad catalog", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s","catalogs":["sandbox"]}]}]}`, `keys[0] (A): catalogs[0]: "sandbox" is not a catalog`},
		{"unknown operation", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s","operations":["DeleteOpportunity"]}]}]}`, `operations[0]: "DeleteOpportunity" names no operation`},
		{"bad pattern", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s","operations":["[Get"]}]}]}`, `operations[0]: "[Get" is not an operation name or pattern`},
		{"bad user", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s"}],"users":[{"email":"nope","firstName":"a","lastName":"b"}]}]}`, `users[0]: email "nope"`},
		{"bad connection", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s"}],"connections":["2222"]}]}`, `accounts[0] (111111111111): connections[0]: "2222" is not an AWS account id`},
		{"connected with itself", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s"}],"connections":["111111111111"]}]}`, "connections[0]: an account is not connected with itself"},
		{"user without name", `{"accounts":[{"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s"}],"users":[{"email":"a@b.co"}]}]}`, "users[0] (a@b.co): firstName and lastName are required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestConnected(t *testing.T) {
	none, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	some, err := Parse([]byte(`{"accounts":[
 {"accountId":"111111111111","keys":[{"accessKeyId":"A","secretAccessKey":"s"}],"connections":["222222222222","444444444444"]},
 {"accountId":"222222222222","keys":[{"accessKeyId":"B","secretAccessKey":"s"}]},
 {"accountId":"333333333333","keys":[{"accessKeyId":"C","secretAccessKey":"s"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  *Directory
		a, b string
		want bool
	}{
		{"no connections listed: everyone", none, "111111111111", "222222222222", true},
		{"no connections listed: unknown accounts too", none, "555555555555", "666666666666", true},
		{"listed", some, "111111111111", "222222222222", true},
		{"listed by the other side", some, "222222222222", "111111111111", true},
		{"listed, to an account without keys", some, "444444444444", "111111111111", true},
		{"not listed", some, "222222222222", "333333333333", false},
		{"not listed, unknown account", some, "111111111111", "555555555555", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.dir.Connected(tt.a, tt.b); got != tt.want {
				t.Errorf("Connected(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	p := filepath.Join(t.TempDir(), "creds.json")
	if err := os.WriteFile(p, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p + ".missing"); err == nil || !strings.Contains(err.Error(), "credentials file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestAuthorize(t *testing.T) {
	d, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	str := func(s string) *string { return &s }
	ctx := context.Background()
	limited := caller.Identity{AccountID: "111111111111", AccessKeyID: "AKIAANYSANDBOXREAD01"}
	tests := []struct {
		name string
		id   caller.Identity
		op   string
		in   api.Input
		want string // "" allowed, else the message
	}{
		{"unlimited key", caller.Identity{AccountID: "111111111111", AccessKeyID: "AKIAANY0000000000001"}, "CreateOpportunity",
			&api.CreateOpportunityRequest{Catalog: str("AWS")}, ""},
		{"unlisted key", caller.Identity{AccountID: "333333333333", AccessKeyID: "333333333333"}, "CreateOpportunity",
			&api.CreateOpportunityRequest{Catalog: str("AWS")}, ""},
		{"allowed pattern and catalog", limited, "GetOpportunity", &api.GetOpportunityRequest{Catalog: str("Sandbox")}, ""},
		{"allowed prefixed name", limited, "ListOpportunities", &api.ListOpportunitiesRequest{Catalog: str("Sandbox")}, ""},
		{"catalog denied", limited, "GetOpportunity", &api.GetOpportunityRequest{Catalog: str("AWS")},
			"User: arn:aws:iam::111111111111:user/anycompany is not authorized to perform: partnercentral:GetOpportunity on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS because no identity-based policy allows the partnercentral:GetOpportunity action"},
		{"operation denied", limited, "CreateOpportunity", &api.CreateOpportunityRequest{Catalog: str("Sandbox")},
			"User: arn:aws:iam::111111111111:user/anycompany is not authorized to perform: partnercentral:CreateOpportunity on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox because no identity-based policy allows the partnercentral:CreateOpportunity action"},
		{"catalog from ARN", caller.Identity{AccountID: "222222222222", AccessKeyID: "AKIAEXAMPLE000000001"}, "TagResource",
			&api.TagResourceRequest{ResourceArn: str("arn:aws:partnercentral:us-east-1:222222222222:catalog/Sandbox/engagement/eng-1")},
			"User: arn:aws:iam::222222222222:user/pcs-user is not authorized to perform: partnercentral:TagResource on resource: arn:aws:partnercentral:us-east-1:222222222222:catalog/Sandbox because no identity-based policy allows the partnercentral:TagResource action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := d.Authorize(ctx, tt.id, tt.op, tt.in)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("denied: %v", err)
				}
				return
			}
			var ade *api.AccessDeniedException
			if !errors.As(err, &ade) || ade.Message == nil || *ade.Message != tt.want || ade.Reason != nil {
				t.Fatalf("got %v\nwant AccessDeniedException %q", err, tt.want)
			}
		})
	}
}
