package main

// End-to-end tests of who may call pcs: requests signed with the core AWS
// SDK for Go v2 signer against "pcs serve -auth strict", and the quotas,
// faults and admin token around them.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// testCredentials is the credentials file of these tests.
const testCredentials = `{"accounts":[
 {"accountId":"111111111111","companyName":"AnyCompany","alias":"anycompany",
  "keys":[
   {"accessKeyId":"AKIAANYCOMPANY000001","secretAccessKey":"any-secret"},
   {"accessKeyId":"ASIAANYCOMPANYTEMP01","secretAccessKey":"temp-secret","sessionToken":"session-token/+=="},
   {"accessKeyId":"AKIAANYSANDBOXREADER","secretAccessKey":"reader-secret","catalogs":["Sandbox"],"operations":["Get*","List*"]}
  ],
  "users":[{"email":"jane@anycompany.com","firstName":"Jane","lastName":"Doe"}]},
 {"accountId":"222222222222","companyName":"Example Corp","alias":"example",
  "keys":[{"accessKeyId":"AKIAEXAMPLECORP00001","secretAccessKey":"example-secret"}]}
]}`

func writeCredentials(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "credentials.json")
	if err := os.WriteFile(p, []byte(testCredentials), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// signer signs API calls with the AWS SDK for Go v2 signer.
type signer struct {
	url                string
	key, secret, token string
	region, service    string
	at                 time.Time // signing time; zero means now
	presign            bool
}

type reply struct {
	status int
	header http.Header
	body   string
}

// errorType is the __type's short name.
func (r reply) errorType() string {
	var e struct {
		Type string `json:"__type"`
	}
	_ = json.Unmarshal([]byte(r.body), &e)
	return e.Type[strings.LastIndex(e.Type, "#")+1:]
}

// message is the error's message, whichever case its member has.
func (r reply) message() string {
	var m map[string]any
	_ = json.Unmarshal([]byte(r.body), &m)
	lower, _ := m["message"].(string)
	upper, _ := m["Message"].(string)
	return lower + upper
}

func (s signer) call(t *testing.T, op, body string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.url+"/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling."+op)
	if s.key != "" {
		region, service := s.region, s.service
		if region == "" {
			region = "us-east-1"
		}
		if service == "" {
			service = "partnercentral-selling"
		}
		at := s.at
		if at.IsZero() {
			at = time.Now()
		}
		sum := sha256.Sum256([]byte(body))
		creds := aws.Credentials{AccessKeyID: s.key, SecretAccessKey: s.secret, SessionToken: s.token}
		if s.presign {
			// The SDK hoists X-Amz-Target into the presigned URL's query.
			req.URL.RawQuery = "X-Amz-Expires=300"
			signed, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), service, region, at)
			if err != nil {
				t.Fatal(err)
			}
			req, _ = http.NewRequest(http.MethodPost, signed, strings.NewReader(body))
			for k, v := range hdr {
				if !strings.EqualFold(k, "host") && !strings.EqualFold(k, "content-length") {
					req.Header[k] = v
				}
			}
		} else if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), service, region, at); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, string(b)}
}

// signSDK signs req now with the SDK signer, as an SDK client would.
func signSDK(req *http.Request, body, key, secret string) {
	sum := sha256.Sum256([]byte(body))
	_ = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, req,
		hex.EncodeToString(sum[:]), "partnercentral-selling", "us-east-1", time.Now())
}

func (s signer) ok(t *testing.T, op, body string) map[string]any {
	t.Helper()
	r := s.call(t, op, body)
	if r.status != http.StatusOK {
		t.Fatalf("%s as %s: HTTP %d %s", op, s.key, r.status, r.body)
	}
	var m map[string]any
	_ = json.Unmarshal([]byte(r.body), &m)
	return m
}

func createBody(token string) string {
	return `{"Catalog":"Sandbox","ClientToken":"` + token + `","PartnerOpportunityIdentifier":"` + token + `"}`
}

func TestStrictAuthWithTheSDKSigner(t *testing.T) {
	url, stop := startServe(t, "-in-memory", "-auth", "strict", "-credentials", writeCredentials(t))
	defer stop()
	owner := signer{url: url, key: "AKIAANYCOMPANY000001", secret: "any-secret"}
	example := signer{url: url, key: "AKIAEXAMPLECORP00001", secret: "example-secret"}
	reader := signer{url: url, key: "AKIAANYSANDBOXREADER", secret: "reader-secret"}
	temp := signer{url: url, key: "ASIAANYCOMPANYTEMP01", secret: "temp-secret", token: "session-token/+=="}

	id := owner.ok(t, "CreateOpportunity", createBody("strict-1"))["Id"].(string)
	get := `{"Catalog":"Sandbox","Identifier":"` + id + `"}`

	with := func(s signer, edit func(*signer)) signer { edit(&s); return s }
	tests := []struct {
		name    string
		s       signer
		op      string
		body    string
		typ     string // "" for success
		message string // a fragment
	}{
		{"good key", owner, "GetOpportunity", get, "", ""},
		{"session token", temp, "GetOpportunity", get, "", ""},
		{"presigned", with(owner, func(s *signer) { s.presign = true }), "GetOpportunity", get, "", ""},
		{"presigned wrong secret", with(owner, func(s *signer) { s.presign = true; s.secret = "guess" }), "GetOpportunity", get,
			"InvalidSignatureException", "does not match"},
		{"within skew", with(owner, func(s *signer) { s.at = time.Now().Add(-14 * time.Minute) }), "GetOpportunity", get, "", ""},
		{"unsigned", signer{url: url}, "GetOpportunity", get, "MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"wrong secret", with(owner, func(s *signer) { s.secret = "guess" }), "GetOpportunity", get,
			"InvalidSignatureException", "The request signature we calculated does not match"},
		{"unknown key", signer{url: url, key: "AKIAUNKNOWN000000000", secret: "x"}, "GetOpportunity", get,
			"UnrecognizedClientException", "The security token included in the request is invalid."},
		{"12-digit key is not a free pass", signer{url: url, key: "111111111111", secret: "x"}, "GetOpportunity", get,
			"UnrecognizedClientException", "security token"},
		{"session token missing", with(temp, func(s *signer) { s.token = "" }), "GetOpportunity", get, "UnrecognizedClientException", "security token"},
		{"session token wrong", with(temp, func(s *signer) { s.token = "forged" }), "GetOpportunity", get, "UnrecognizedClientException", "security token"},
		{"expired", with(owner, func(s *signer) { s.at = time.Now().Add(-16 * time.Minute) }), "GetOpportunity", get,
			"InvalidSignatureException", "Signature expired"},
		{"from the future", with(owner, func(s *signer) { s.at = time.Now().Add(16 * time.Minute) }), "GetOpportunity", get,
			"InvalidSignatureException", "Signature not yet current"},
		{"wrong region", with(owner, func(s *signer) { s.region = "eu-west-1" }), "GetOpportunity", get,
			"InvalidSignatureException", "Credential should be scoped to a valid region, not 'eu-west-1'"},
		{"wrong service", with(owner, func(s *signer) { s.service = "partnercentral" }), "GetOpportunity", get,
			"InvalidSignatureException", "Credential should be scoped to correct service: 'partnercentral-selling'"},
		{"catalog not allowed", reader, "ListOpportunities", `{"Catalog":"AWS"}`, "AccessDeniedException",
			"User: arn:aws:iam::111111111111:user/anycompany is not authorized to perform: partnercentral:ListOpportunities on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS because no identity-based policy allows the partnercentral:ListOpportunities action"},
		{"operation not allowed", reader, "CreateOpportunity", createBody("reader"), "AccessDeniedException",
			"is not authorized to perform: partnercentral:CreateOpportunity on resource: arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox"},
		{"allowed reader", reader, "GetOpportunity", get, "", ""},
		{"other account cannot see it", example, "GetOpportunity", get, "ResourceNotFoundException", ""},
		{"assignee not a user", owner, "AssignOpportunity", `{"Catalog":"Sandbox","Identifier":"` + id +
			`","Assignee":{"Email":"joe@anycompany.com","FirstName":"J","LastName":"D","BusinessTitle":"PartnerAccountManager"}}`,
			"ValidationException", "not a Partner Central user"},
		{"assignee a user", owner, "AssignOpportunity", `{"Catalog":"Sandbox","Identifier":"` + id +
			`","Assignee":{"Email":"jane@anycompany.com","FirstName":"J","LastName":"D","BusinessTitle":"PartnerAccountManager"}}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.s.call(t, tt.op, tt.body)
			if tt.typ == "" {
				if r.status != http.StatusOK {
					t.Fatalf("HTTP %d %s", r.status, r.body)
				}
				return
			}
			if r.status != http.StatusBadRequest || r.errorType() != tt.typ || !strings.Contains(r.message(), tt.message) {
				t.Fatalf("got HTTP %d %s\nwant %s with %q", r.status, r.body, tt.typ, tt.message)
			}
		})
	}
	// Each account lists only its own opportunities.
	if l := example.ok(t, "ListOpportunities", `{"Catalog":"Sandbox"}`)["OpportunitySummaries"].([]any); len(l) != 0 {
		t.Errorf("another account's opportunities are visible: %v", l)
	}
	if l := reader.ok(t, "ListOpportunities", `{"Catalog":"Sandbox"}`)["OpportunitySummaries"].([]any); len(l) != 1 {
		t.Errorf("the account's own key sees %d opportunities", len(l))
	}
}

func TestLocalModeWithCredentialsFile(t *testing.T) {
	url, stop := startServe(t, "-in-memory", "-credentials", writeCredentials(t))
	defer stop()
	// Any key still works, and a 12-digit key names its account.
	free := signer{url: url, key: "333333333333", secret: "whatever"}
	id := free.ok(t, "CreateOpportunity", createBody("local-1"))["Id"].(string)
	if arn := free.ok(t, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`)["Arn"].(string); !strings.Contains(arn, ":333333333333:") {
		t.Errorf("ARN %s", arn)
	}
	// A listed key belongs to its file account and keeps its permissions,
	// whatever secret signs it (local mode checks no secrets).
	reader := signer{url: url, key: "AKIAANYSANDBOXREADER", secret: "not-checked"}
	if r := reader.call(t, "CreateOpportunity", createBody("local-2")); r.errorType() != "AccessDeniedException" {
		t.Errorf("reader create: %d %s", r.status, r.body)
	}
	owner := signer{url: url, key: "AKIAANYCOMPANY000001", secret: "not-checked"}
	id = owner.ok(t, "CreateOpportunity", createBody("local-3"))["Id"].(string)
	arn := owner.ok(t, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`)["Arn"]
	if !strings.Contains(arn.(string), ":111111111111:") {
		t.Errorf("listed key's ARN %v", arn)
	}
	// Unsigned requests are still refused.
	if r := (signer{url: url}).call(t, "ListOpportunities", `{"Catalog":"Sandbox"}`); r.errorType() != "MissingAuthenticationTokenException" {
		t.Errorf("unsigned: %d %s", r.status, r.body)
	}
}

func TestTrustFlagErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-auth", "strict"}, "-auth strict needs -credentials"},
		{[]string{"-auth", "open"}, `-auth "open": want local or strict`},
		{[]string{"-quotas", "tight"}, `-quotas: quota profile "tight"`},
		{[]string{"-quota-limits", "Nope=1/s"}, "-quota-limits"},
	} {
		if _, err := parseServeFlags(tt.args, io.Discard, env(nil)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want %q", tt.args, err, tt.want)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"accounts":[{"accountId":"1","keys":[]}]}`), 0o600)
	err := run(context.Background(), []string{"serve", "-in-memory", "-addr", "127.0.0.1:0", "-credentials", bad}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), `accounts[0] (1): accountId "1"`) {
		t.Errorf("bad credentials file: %v", err)
	}

	var out bytes.Buffer
	_ = run(context.Background(), []string{"serve", "-h"}, io.Discard, &out, env(nil))
	for _, v := range []string{"-auth", "$PCS_AUTH", "-credentials", "$PCS_CREDENTIALS", "-regions", "$PCS_REGIONS",
		"-quotas", "$PCS_QUOTAS", "-quota-limits", "$PCS_QUOTA_LIMITS", "-admin-token", "$PCS_ADMIN_TOKEN"} {
		if !strings.Contains(out.String(), v) {
			t.Errorf("serve -h lacks %s", v)
		}
	}
}

func TestRegionsFlag(t *testing.T) {
	tests := []struct {
		regions string
		want    []string // the regions allowed (nil: any)
		wantErr string
	}{
		{"", nil, ""},
		{"*", nil, ""},
		{" * ", nil, ""},
		{"us-east-1", []string{"us-east-1"}, ""},
		{"us-east-1, eu-west-1,,us-gov-west-1", []string{"us-east-1", "eu-west-1", "us-gov-west-1"}, ""},
		{"us-east-1,*", nil, `-regions "us-east-1,*": * means any region and stands alone`},
		{"us-east", nil, `-regions: "us-east" is not an AWS region name`},
		{"us-east-1,eu-west1", nil, `-regions: "eu-west1" is not an AWS region name`},
		{"US-EAST-1", nil, `-regions: "US-EAST-1" is not an AWS region name`},
		{"us-east-1a", nil, `-regions: "us-east-1a" is not an AWS region name`},
	}
	for _, tt := range tests {
		t.Run(tt.regions, func(t *testing.T) {
			cfg, err := parseServeFlags([]string{"-regions", tt.regions}, io.Discard, env(nil))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.trust.regionList(); !slices.Equal(got, tt.want) {
				t.Errorf("regions %q, want %q", got, tt.want)
			}
		})
	}
	strict, err := parseServeFlags([]string{"-auth", "strict", "-credentials", "c.json"}, io.Discard, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := strict.trust.regionList(); !slices.Equal(got, []string{"us-east-1"}) {
		t.Errorf("-auth strict allows %q by default, want us-east-1 alone", got)
	}
}

// TestLocalModeWarnsOfOtherRegions: local mode answers in any region, and
// logs once for each region other than us-east-1 that a request names.
func TestLocalModeWarnsOfOtherRegions(t *testing.T) {
	var log bytes.Buffer
	url, stop := startServeLogging(t, &syncWriter{w: &log}, "-in-memory", "-log-level", "warn")
	for _, region := range []string{"us-east-1", "eu-west-1", "eu-west-1", "ap-southeast-2", "us-east-1", "eu-west-1"} {
		signer{url: url, key: "111111111111", secret: "x", region: region}.ok(t, "ListOpportunities", `{"Catalog":"Sandbox"}`)
	}
	stop()
	warned := regexp.MustCompile(`region=([a-z0-9-]+)`).FindAllStringSubmatch(log.String(), -1)
	if len(warned) != 2 || warned[0][1] != "eu-west-1" || warned[1][1] != "ap-southeast-2" {
		t.Fatalf("log:\n%s\nwant one warning for eu-west-1, then one for ap-southeast-2", log.String())
	}
	if !strings.Contains(log.String(), "only region") {
		t.Errorf("the warning does not say why:\n%s", log.String())
	}
}

// TestQuotaGroupWithoutProfile limits a quota group with -quotas off, as
// -quota-limits documents: only that group is limited.
func TestQuotaGroupWithoutProfile(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
	}{
		{nil, []string{"-quota-limits", "write=5/s"}},
		{map[string]string{"PCS_QUOTA_LIMITS": "write=5/s"}, []string{"-quotas", "off"}},
	} {
		cfg, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
		if err != nil {
			t.Fatalf("%v %v: %v", tt.env, tt.args, err)
		}
		groups, err := cfg.trust.quotaGroups()
		if err != nil || len(groups) != 1 || groups[0].Name != "write" || groups[0].Rate != 5 || groups[0].Daily != 0 ||
			!slices.Contains(groups[0].Operations, "CreateOpportunity") {
			t.Errorf("%v %v: groups %+v (%v), want write at 5/s alone", tt.env, tt.args, groups, err)
		}
	}
}

func TestAdminTokenBeyondLoopback(t *testing.T) {
	err := run(context.Background(), []string{"serve", "-in-memory", "-addr", "0.0.0.0:0"}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "-admin-token") {
		t.Fatalf("serve beyond loopback without a token: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	_, stop := startServe(t, "-in-memory", "-addr", "0.0.0.0:"+strconv.Itoa(port), "-admin-token", "s3cret")
	defer stop()
	url := "http://127.0.0.1:" + strconv.Itoa(port)

	get := func(path, token string) int {
		req, _ := http.NewRequest(http.MethodGet, url+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := get("/_pcs/health", ""); s != 200 {
		t.Errorf("health without token: %d", s)
	}
	if s := get("/_pcs/faults", ""); s != http.StatusUnauthorized {
		t.Errorf("faults without token: %d", s)
	}
	if s := get("/_pcs/faults", "wrong"); s != http.StatusUnauthorized {
		t.Errorf("faults with a wrong token: %d", s)
	}
	if s := get("/_pcs/faults", "s3cret"); s != 200 {
		t.Errorf("faults with the token: %d", s)
	}
	// The client commands send $PCS_ADMIN_TOKEN.
	err = run(context.Background(), []string{"faults", "list", "-endpoint", url}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "Bearer") {
		t.Errorf("pcs faults without the token: %v", err)
	}
	if err := run(context.Background(), []string{"faults", "list", "-endpoint", url}, io.Discard, io.Discard,
		env(map[string]string{"PCS_ADMIN_TOKEN": "s3cret"})); err != nil {
		t.Errorf("pcs faults with $PCS_ADMIN_TOKEN: %v", err)
	}
	// The API itself is not behind the admin token.
	if r := (signer{url: url, key: "111111111111", secret: "x"}).call(t, "ListSolutions", `{"Catalog":"Sandbox"}`); r.status != 200 {
		t.Errorf("API: %d %s", r.status, r.body)
	}
}

// TestBeyondLoopbackRefusedBeforeAnyIO: without -admin-token an -addr
// beyond loopback is refused before the data directory is made, the store
// opened or a port bound.
func TestBeyondLoopbackRefusedBeforeAnyIO(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	err := run(context.Background(), []string{"serve", "-addr", "0.0.0.0:0", "-data-dir", dir}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "-admin-token") {
		t.Fatalf("serve beyond loopback without a token: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the refusal left %s behind (%v)", dir, err)
	}
}

// TestAddressInUseRefusedBeforeTheStore: an -addr another process holds
// stops pcs before it makes its data directory.
func TestAddressInUseRefusedBeforeTheStore(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := filepath.Join(t.TempDir(), "data")
	err = run(context.Background(), []string{"serve", "-addr", taken.Addr().String(), "-data-dir", dir}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "listen on "+taken.Addr().String()) {
		t.Fatalf("serve on an address in use: %v", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the refusal left %s behind (%v)", dir, err)
	}
}

func TestCheckAddr(t *testing.T) {
	hosts := map[string][]string{
		"localhost":    {"127.0.0.1", "::1"},
		"pcs.example":  {"192.0.2.7"},
		"both.example": {"127.0.0.1", "192.0.2.7"},
	}
	defer func(r func(context.Context, string) ([]net.IPAddr, error)) { resolveHost = r }(resolveHost)
	resolveHost = func(_ context.Context, host string) ([]net.IPAddr, error) {
		ips, ok := hosts[host]
		if !ok {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}
		var out []net.IPAddr
		for _, ip := range ips {
			out = append(out, net.IPAddr{IP: net.ParseIP(ip)})
		}
		return out, nil
	}
	tests := []struct {
		addr, token string
		want        string // in the error; "" for none
	}{
		{"127.0.0.1:7426", "", ""},
		{"127.8.9.10:0", "", ""},
		{"[::1]:7426", "", ""},
		{"localhost:7426", "", ""},
		{":7426", "", "-addr :7426 is beyond loopback: set -admin-token"},
		{"0.0.0.0:7426", "", "-addr 0.0.0.0:7426 is beyond loopback"},
		{"[::]:7426", "", "beyond loopback"},
		{"192.0.2.7:7426", "", "beyond loopback"},
		{"pcs.example:7426", "", "beyond loopback: set -admin-token (or $PCS_ADMIN_TOKEN) to protect the /_pcs/ admin endpoints, or listen on 127.0.0.1 (pcs.example is 192.0.2.7)"},
		{"both.example:7426", "", "(both.example is 192.0.2.7)"},
		{"nowhere.example:7426", "", "-addr nowhere.example:7426: lookup nowhere.example: no such host"},
		{"127.0.0.1", "", "missing port"},
		{"0.0.0.0:7426", "s3cret", ""},
		{"nowhere.example:7426", "s3cret", ""}, // Listen says what is wrong with it
	}
	for _, tt := range tests {
		err := (&trustConfig{adminToken: tt.token}).checkAddr(context.Background(), tt.addr)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s (token %q): %v, want no error", tt.addr, tt.token, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s (token %q): %v, want an error with %q", tt.addr, tt.token, err, tt.want)
		}
	}
}

func TestQuotasAWS(t *testing.T) {
	url, stop := startServe(t, "-in-memory", "-quotas", "aws", "-quota-limits", "ListSolutions=off")
	defer stop()
	a := signer{url: url, key: "111111111111", secret: "x"}
	b := signer{url: url, key: "222222222222", secret: "x"}
	a.ok(t, "CreateOpportunity", createBody("q-1"))
	r := a.call(t, "CreateOpportunity", createBody("q-2"))
	if r.status != 400 || r.errorType() != "ThrottlingException" || r.header.Get("Retry-After") != "1" ||
		!strings.Contains(r.message(), "write quota is 1 requests per second") {
		t.Fatalf("second write within a second: %d %v %s", r.status, r.header, r.body)
	}
	b.ok(t, "CreateOpportunity", createBody("q-3")) // another account, another budget
	for range 20 {
		a.ok(t, "ListSolutions", `{"Catalog":"Sandbox"}`) // taken out of the quotas
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"faults", "quotas", "-endpoint", url, "-account", "111111111111"}, &out, io.Discard, env(nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"last24h": 1`) || !strings.Contains(out.String(), `"limit": "1/s+10000/24h"`) {
		t.Errorf("pcs faults quotas: %s", out.String())
	}
}

func TestFaultInjection(t *testing.T) {
	url, stop := startServe(t, "-in-memory")
	defer stop()
	a := signer{url: url, key: "111111111111", secret: "x"}
	faults := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), append([]string{"faults"}, append(args[:1:1], append([]string{"-endpoint", url}, args[1:]...)...)...),
			&out, io.Discard, env(nil)); err != nil {
			t.Fatalf("pcs faults %v: %v", args, err)
		}
		return out.String()
	}

	// The next two ListOpportunities calls of this account are throttled.
	faults("add", "-action", "throttle", "-op", "ListOpportunities", "-account", "111111111111", "-count", "2", "-retry-after", "3s")
	for i := range 2 {
		if r := a.call(t, "ListOpportunities", `{"Catalog":"Sandbox"}`); r.errorType() != "ThrottlingException" || r.header.Get("Retry-After") != "3" {
			t.Fatalf("call %d: %d %v %s", i, r.status, r.header, r.body)
		}
	}
	a.ok(t, "ListOpportunities", `{"Catalog":"Sandbox"}`)
	if out := faults("list"); !strings.Contains(out, `"faults": []`) {
		t.Errorf("spent rule still listed: %s", out)
	}

	// Another account is not hit by an account's rule; an internal error is a 500.
	faults("add", "-action", "internal-error", "-account", "222222222222")
	if r := a.call(t, "ListSolutions", `{"Catalog":"Sandbox"}`); r.status != 200 {
		t.Errorf("other account hit: %d", r.status)
	}
	if r := (signer{url: url, key: "222222222222", secret: "x"}).call(t, "ListSolutions", `{"Catalog":"Sandbox"}`); r.status != 500 || r.errorType() != "InternalServerException" {
		t.Errorf("internal error: %d %s", r.status, r.body)
	}
	faults("clear")

	// drop-response: the create happens, the client never hears; its retry
	// with the same ClientToken gets the same opportunity, not a second one.
	faults("add", "-action", "drop-response", "-op", "CreateOpportunity", "-count", "1")
	req, _ := http.NewRequest(http.MethodPost, url+"/", strings.NewReader(createBody("dropped")))
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.CreateOpportunity")
	signSDK(req, createBody("dropped"), "111111111111", "x")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("drop-response answered HTTP %d", resp.StatusCode)
	}
	id := a.ok(t, "CreateOpportunity", createBody("dropped"))["Id"]
	list := a.ok(t, "ListOpportunities", `{"Catalog":"Sandbox","Identifier":["`+id.(string)+`"]}`)["OpportunitySummaries"].([]any)
	all := a.ok(t, "ListOpportunities", `{"Catalog":"Sandbox","MaxResults":100}`)["OpportunitySummaries"].([]any)
	n := 0
	for _, o := range all {
		if o.(map[string]any)["PartnerOpportunityIdentifier"] == "dropped" {
			n++
		}
	}
	if len(list) != 1 || n != 1 {
		t.Errorf("after a dropped response and a retry: %d opportunities for the token", n)
	}

	// drop: the connection closes and nothing is written.
	faults("add", "-action", "drop", "-op", "CreateOpportunity", "-count", "1")
	req, _ = http.NewRequest(http.MethodPost, url+"/", strings.NewReader(createBody("never")))
	req.Header.Set("X-Amz-Target", "AWSPartnerCentralSelling.CreateOpportunity")
	signSDK(req, createBody("never"), "111111111111", "x")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("drop answered HTTP %d", resp.StatusCode)
	}
	if l := a.ok(t, "ListOpportunities", `{"Catalog":"Sandbox","MaxResults":100}`)["OpportunitySummaries"].([]any); len(l) != len(all) {
		t.Errorf("a dropped request wrote: %d opportunities, want %d", len(l), len(all))
	}

	// latency, and the admin API's own validation.
	faults("add", "-action", "latency", "-op", "ListSolutions", "-latency", "200ms", "-count", "1")
	start := time.Now()
	a.ok(t, "ListSolutions", `{"Catalog":"Sandbox"}`)
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("latency rule: answered in %v", d)
	}
	err := run(context.Background(), []string{"faults", "add", "-endpoint", url, "-action", "explode"}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "want one of throttle") {
		t.Errorf("bad action: %v", err)
	}
}

// TestGracefulShutdown stops pcs while a request is in flight (held by an
// injected latency): the request is answered, then serve returns.
func TestGracefulShutdown(t *testing.T) {
	url, stop := startServe(t, "-in-memory", "-shutdown-timeout", "10s")
	a := signer{url: url, key: "111111111111", secret: "x"}
	if err := run(context.Background(), []string{"faults", "add", "-endpoint", url, "-action", "latency", "-latency", "700ms", "-op", "ListSolutions"},
		io.Discard, io.Discard, env(nil)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var r reply
	wg.Go(func() { r = a.call(t, "ListSolutions", `{"Catalog":"Sandbox"}`) })
	time.Sleep(200 * time.Millisecond)
	stop()
	wg.Wait()
	if r.status != 200 {
		t.Fatalf("request in flight during shutdown: %d %s", r.status, r.body)
	}
	if _, err := http.Get(url + "/_pcs/health"); err == nil {
		t.Error("still serving after shutdown")
	}
}

// TestSlowlorisIsCutOff opens connections that send their headers too
// slowly or not at all: the server closes them after its header timeout.
func TestSlowlorisIsCutOff(t *testing.T) {
	defer func(d time.Duration) { readHeaderTimeout = d }(readHeaderTimeout)
	readHeaderTimeout = 300 * time.Millisecond
	url, stop := startServe(t, "-in-memory")
	defer stop()
	addr := regexp.MustCompile(`[0-9.]+:[0-9]+`).FindString(url)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSPartnerCentralSelling.ListSolutions\r\n")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = io.ReadAll(conn) // returns when the server closes the connection
	if d := time.Since(start); err != nil || d > 3*time.Second {
		t.Fatalf("slow client kept its connection for %v (%v)", d, err)
	}
}
