package accounts

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"

	"pcs/api"
	"pcs/caller"
	"pcs/sigv4"
)

// Authorize decides whether the caller's key may run op on the request's
// catalog, as an IAM policy with a partnercentral:Catalog condition would.
// Keys the file does not list (local mode's any-key callers) may do
// everything. A refusal is AccessDeniedException worded as IAM words an
// identity-based denial, without a Reason (spec §10: IAM denials carry none).
// It runs after validation, so the catalog is the request's own.
func (d *Directory) Authorize(_ context.Context, id caller.Identity, op string, in api.Input) error {
	e, ok := d.keys[id.AccessKeyID]
	if !ok {
		return nil
	}
	catalog := api.CatalogOf(in)
	if e.allowsOperation(op) && e.allowsCatalog(catalog) {
		return nil
	}
	resource := "*"
	if catalog != "" {
		resource = fmt.Sprintf("arn:aws:partnercentral:us-east-1:%s:catalog/%s", e.account.AccountID, catalog)
	}
	return api.NewAccessDeniedException(fmt.Sprintf(
		"User: arn:aws:iam::%s:user/%s is not authorized to perform: partnercentral:%s on resource: %s because no identity-based policy allows the partnercentral:%s action",
		e.account.AccountID, e.account.Alias, op, resource, op))
}

func (e *entry) allowsOperation(op string) bool {
	if len(e.key.Operations) == 0 {
		return true
	}
	for _, p := range e.key.Operations {
		if ok, _ := path.Match(strings.TrimPrefix(p, "partnercentral:"), op); ok {
			return true
		}
	}
	return false
}

func (e *entry) allowsCatalog(catalog string) bool {
	if len(e.key.Catalogs) == 0 || slices.Contains(e.key.Catalogs, "*") {
		return true
	}
	return slices.Contains(e.key.Catalogs, catalog)
}

// Local is local-mode authentication with a credentials file: any
// well-formed signature is accepted (sigv4.Local), and keys the file lists
// belong to the file's account rather than to the one their id spells.
type Local struct {
	sigv4.Local
	Directory *Directory
}

// Authenticate implements sigv4.Authenticator.
func (l Local) Authenticate(r *http.Request, body []byte) (caller.Identity, error) {
	return l.inDirectory(l.Local.Authenticate(r, body))
}

// AuthenticatePrechecked implements sigv4.TwoStep (PrecheckRequest is
// sigv4.Local's, which needs nothing of the file). Without it, the
// embedded sigv4.Local's would answer, with the account the key spells.
func (l Local) AuthenticatePrechecked(r *http.Request, body []byte, p sigv4.Prechecked) (caller.Identity, error) {
	return l.inDirectory(l.Local.AuthenticatePrechecked(r, body, p))
}

// inDirectory gives an authenticated key the account the file lists it in.
func (l Local) inDirectory(id caller.Identity, err error) (caller.Identity, error) {
	if err != nil || l.Directory == nil {
		return id, err
	}
	if account, ok := l.Directory.AccountOf(id.AccessKeyID); ok {
		id.AccountID = account
	}
	return id, nil
}
