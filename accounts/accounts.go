// Package accounts reads pcs's credentials file: which access keys exist,
// their secrets, the partner account each belongs to, that account's
// company name, alias and Partner Central users, and what each key may do
// (which catalogs, which operations, like IAM's partnercentral:Catalog
// condition and action list).
//
// The file is JSON:
//
//	{"accounts": [{
//	  "accountId": "111111111111",
//	  "companyName": "AnyCompany",
//	  "alias": "anycompany",
//	  "keys": [{
//	    "accessKeyId": "AKIAANYCOMPANY000001",
//	    "secretAccessKey": "…",
//	    "sessionToken": "…",               (optional: temporary credentials)
//	    "catalogs": ["Sandbox"],            (optional: default both AWS and Sandbox)
//	    "operations": ["Get*", "List*"]     (optional: default every operation)
//	  }],
//	  "users": [{"email": "jane@anycompany.com", "firstName": "Jane", "lastName": "Doe"}],
//	  "connections": ["222222222222"]      (optional: partners it is connected with)
//	}]}
//
// Connections are Partner Central's partner connections: only connected
// partners can invite each other into engagements. A connection listed by
// either account connects both. A file that lists no connections at all
// connects every pair of accounts, as pcs does without a file.
//
// Operations are names ("CreateOpportunity", optionally "partnercentral:"
// prefixed) or patterns with "*" ("List*", "*"). Unknown members are an
// error, so a misspelt permission cannot silently grant everything.
package accounts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"pcs/api"
	"pcs/sigv4"
)

// File is the credentials file.
type File struct {
	Accounts []Account `json:"accounts"`
}

// Account is one partner account.
type Account struct {
	AccountID   string `json:"accountId"`
	CompanyName string `json:"companyName"`
	// Alias names the account's IAM user in AccessDeniedException messages
	// (arn:aws:iam::<account>:user/<alias>); DefaultAlias when empty.
	Alias string `json:"alias"`
	Keys  []Key  `json:"keys"`
	// Users are the account's Partner Central users: AssignOpportunity
	// accepts only them when the list is not empty.
	Users []User `json:"users"`
	// Connections are the accounts this partner is connected with.
	Connections []string `json:"connections,omitempty"`
}

// Key is one access key and what it may do.
type Key struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken,omitempty"`
	// Catalogs the key may act on: "AWS", "Sandbox"; empty means both.
	Catalogs []string `json:"catalogs,omitempty"`
	// Operations the key may call; empty means all.
	Operations []string `json:"operations,omitempty"`
}

// User is a Partner Central user of an account.
type User struct {
	Email     string `json:"email"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
}

// DefaultAlias is the IAM user name of accounts without an alias.
const DefaultAlias = "pcs-user"

// The catalogs a key can be limited to.
var catalogs = []string{"AWS", "Sandbox"}

var (
	reAlias     = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`) // an IAM user name
	reAccessKey = regexp.MustCompile(`^\w{1,128}$`)
	reEmail     = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// Directory is a loaded, validated credentials file. It is read-only and
// safe for concurrent use.
type Directory struct {
	keys     map[string]*entry   // by access key id
	accounts map[string]*Account // by account id
	// connected holds both orders of every listed connection; nil when the
	// file lists none, which connects everyone.
	connected map[[2]string]bool
}

type entry struct {
	key     Key
	account *Account
}

// Load reads and validates the credentials file at path.
func Load(path string) (*Directory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("credentials file: %w", err)
	}
	d, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("credentials file %s: %w", path, err)
	}
	return d, nil
}

// Parse validates a credentials file's content. Errors name the entry at
// fault, e.g. `accounts[1] (222222222222): keys[0] (AKIA…): catalogs[0]: …`.
func Parse(data []byte) (*Directory, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a credentials file (JSON {\"accounts\":[…]}): %w", err)
	}
	if dec.More() {
		return nil, errors.New("unexpected data after the JSON object")
	}
	return New(f)
}

// New validates f and indexes it.
func New(f File) (*Directory, error) {
	d := &Directory{keys: map[string]*entry{}, accounts: map[string]*Account{}}
	if len(f.Accounts) == 0 {
		return nil, errors.New(`no accounts: the file must list at least one under "accounts"`)
	}
	for i := range f.Accounts {
		a := &f.Accounts[i]
		where := fmt.Sprintf("accounts[%d]", i)
		if a.AccountID != "" {
			where += " (" + a.AccountID + ")"
		}
		if err := d.add(a); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	for i, a := range f.Accounts {
		for j, other := range a.Connections {
			where := fmt.Sprintf("accounts[%d] (%s): connections[%d]", i, a.AccountID, j)
			switch {
			case !sigv4.ValidAccount(other):
				return nil, fmt.Errorf("%s: %q is not an AWS account id (12 digits)", where, other)
			case other == a.AccountID:
				return nil, fmt.Errorf("%s: an account is not connected with itself", where)
			}
			if d.connected == nil {
				d.connected = map[[2]string]bool{}
			}
			d.connected[[2]string{a.AccountID, other}] = true
			d.connected[[2]string{other, a.AccountID}] = true
		}
	}
	return d, nil
}

func (d *Directory) add(a *Account) error {
	if !sigv4.ValidAccount(a.AccountID) {
		return fmt.Errorf("accountId %q: an AWS account id is 12 digits", a.AccountID)
	}
	if _, dup := d.accounts[a.AccountID]; dup {
		return errors.New("accountId is listed twice; list all of an account's keys under one entry")
	}
	if a.Alias == "" {
		a.Alias = DefaultAlias
	}
	if !reAlias.MatchString(a.Alias) {
		return fmt.Errorf("alias %q: use 1 to 64 letters, digits and + = , . @ _ -", a.Alias)
	}
	if len(a.Keys) == 0 {
		return errors.New("no keys: an account needs at least one access key")
	}
	for j := range a.Keys {
		k := &a.Keys[j]
		where := fmt.Sprintf("keys[%d]", j)
		if k.AccessKeyID != "" {
			where += " (" + k.AccessKeyID + ")"
		}
		if err := checkKey(k); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if other, dup := d.keys[k.AccessKeyID]; dup {
			return fmt.Errorf("%s: accessKeyId is already a key of account %s", where, other.account.AccountID)
		}
		d.keys[k.AccessKeyID] = &entry{key: *k, account: a}
	}
	seen := map[string]bool{}
	for j, u := range a.Users {
		where := fmt.Sprintf("users[%d]", j)
		switch e := strings.ToLower(u.Email); {
		case !reEmail.MatchString(u.Email):
			return fmt.Errorf("%s: email %q is not an email address", where, u.Email)
		case seen[e]:
			return fmt.Errorf("%s: email %q is listed twice", where, u.Email)
		case u.FirstName == "" || u.LastName == "":
			return fmt.Errorf("%s (%s): firstName and lastName are required", where, u.Email)
		default:
			seen[e] = true
		}
	}
	d.accounts[a.AccountID] = a
	return nil
}

func checkKey(k *Key) error {
	if !reAccessKey.MatchString(k.AccessKeyID) {
		return fmt.Errorf("accessKeyId %q: use 1 to 128 letters, digits or _", k.AccessKeyID)
	}
	if k.SecretAccessKey == "" {
		return errors.New("secretAccessKey is required")
	}
	for i, c := range k.Catalogs {
		if !slices.Contains(catalogs, c) && c != "*" {
			return fmt.Errorf("catalogs[%d]: %q is not a catalog; use AWS, Sandbox or *", i, c)
		}
	}
	for i, op := range k.Operations {
		p := strings.TrimPrefix(op, "partnercentral:")
		if _, err := path.Match(p, ""); err != nil || p == "" {
			return fmt.Errorf("operations[%d]: %q is not an operation name or pattern", i, op)
		}
		if !matchesAny(p) {
			return fmt.Errorf("operations[%d]: %q names no operation of the Selling API (e.g. CreateOpportunity, List*)", i, op)
		}
	}
	return nil
}

func matchesAny(pattern string) bool {
	for name := range api.Operations {
		if ok, _ := path.Match(pattern, name); ok {
			return true
		}
	}
	return false
}

// Lookup implements sigv4.Credentials.
func (d *Directory) Lookup(_ context.Context, accessKeyID string) (sigv4.Credential, bool, error) {
	e, ok := d.keys[accessKeyID]
	if !ok {
		return sigv4.Credential{}, false, nil
	}
	return sigv4.Credential{
		AccessKeyID:     e.key.AccessKeyID,
		SecretAccessKey: e.key.SecretAccessKey,
		SessionToken:    e.key.SessionToken,
		AccountID:       e.account.AccountID,
	}, true, nil
}

// AccountOf returns the account an access key belongs to, if the file lists the key.
func (d *Directory) AccountOf(accessKeyID string) (string, bool) {
	e, ok := d.keys[accessKeyID]
	if !ok {
		return "", false
	}
	return e.account.AccountID, true
}

// Account returns a listed account.
func (d *Directory) Account(accountID string) (Account, bool) {
	a, ok := d.accounts[accountID]
	if !ok {
		return Account{}, false
	}
	return *a, true
}

// CompanyName returns the company name of a listed account, or "".
func (d *Directory) CompanyName(accountID string) string {
	if a, ok := d.accounts[accountID]; ok {
		return a.CompanyName
	}
	return ""
}

// User returns the account's user with the email (compared without case).
// listed is false when the file gives the account no users: then pcs has
// no directory to check against and accepts any well-formed contact.
func (d *Directory) User(accountID, email string) (u User, found, listed bool) {
	a, ok := d.accounts[accountID]
	if !ok || len(a.Users) == 0 {
		return User{}, false, false
	}
	for _, u := range a.Users {
		if strings.EqualFold(u.Email, email) {
			return u, true, true
		}
	}
	return User{}, false, true
}

// Connected reports whether two partner accounts are connected: listed as
// connected by either, or any two accounts when the file lists no
// connections.
func (d *Directory) Connected(a, b string) bool {
	return d.connected == nil || d.connected[[2]string{a, b}]
}

// Len returns how many access keys the file lists.
func (d *Directory) Len() int { return len(d.keys) }
