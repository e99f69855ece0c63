package accounts

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"pcs/sigv4"
)

// TestLocalGivesListedKeysTheirAccount: in local mode a key the file lists
// belongs to the file's account and any other to the one its id spells,
// whether the request is authenticated in one step or in the protocol
// layer's two (precheck, then the body).
func TestLocalGivesListedKeysTheirAccount(t *testing.T) {
	d, err := New(File{Accounts: []Account{{AccountID: "111111111111",
		Keys: []Key{{AccessKeyID: "AKIALISTED", SecretAccessKey: "secret"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	l := Local{Directory: d}
	var _ sigv4.TwoStep = l
	for _, tt := range []struct{ key, account string }{
		{"AKIALISTED", "111111111111"},
		{"222222222222", "222222222222"},
		{"AKIAUNLISTED", sigv4.DefaultAccount},
	} {
		body := []byte(`{}`)
		r, _ := http.NewRequest(http.MethodPost, "http://localhost/", strings.NewReader(string(body)))
		sigv4.Sign(r, body, sigv4.Credential{AccessKeyID: tt.key, SecretAccessKey: "any"}, "us-east-1", sigv4.DefaultService, time.Now())

		id, err := l.Authenticate(r, body)
		if err != nil || id.AccountID != tt.account {
			t.Errorf("%s: Authenticate: %v, account %q, want %q", tt.key, err, id.AccountID, tt.account)
		}
		p, err := l.PrecheckRequest(r)
		if err != nil {
			t.Fatalf("%s: PrecheckRequest: %v", tt.key, err)
		}
		id, err = l.AuthenticatePrechecked(r, body, p)
		if err != nil || id.AccountID != tt.account {
			t.Errorf("%s: AuthenticatePrechecked: %v, account %q, want %q", tt.key, err, id.AccountID, tt.account)
		}
	}
}
