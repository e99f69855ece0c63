package selling

import (
	"context"

	"pcs/store"
)

// Reset deletes what tests made, in one transaction, so that a request
// running beside it sees the service before the reset or after it, never
// half-way. It is no API operation but pcs's own (POST /_pcs/reset).
//
// With account "" it deletes everything: every record of every account,
// the AWS-side jobs and the event outbox. With an account it deletes that
// partner's records in catalog ("" for both): what is its alone, its side
// of what it shares (store.AccountReset says what goes and what stays),
// the jobs AWS had scheduled for it, among them the expiry of every
// invitation it sent or received, and its settings. Ids are never handed
// out again, so an id from before the reset finds nothing.
func Reset(ctx context.Context, s *Service, account, catalog string) (store.Deleted, error) {
	var d store.Deleted
	var problems []string
	if account == "" && catalog != "" {
		problems = append(problems, "a reset of one catalog is of one account: give the Account too")
	}
	if account != "" && !accountPattern.MatchString(account) {
		problems = append(problems, "Account must be a 12-digit AWS account id")
	}
	if catalog != "" && catalog != CatalogAWS && catalog != CatalogSandbox {
		problems = append(problems, "Catalog must be AWS or Sandbox (or left out for both)")
	}
	if len(problems) > 0 {
		return d, &InvalidInputError{Problems: problems}
	}
	err := s.db.Update(ctx, func(tx store.Tx) error {
		d = store.Deleted{}
		if account == "" {
			return resetAll(ctx, tx, &d)
		}
		return resetAccount(ctx, tx, &d, account, catalog)
	})
	return d, err
}

// settingsPrefix is where the service keeps its settings, an account's
// under settingsPrefix + account + "/".
const settingsPrefix = "selling/"

func resetAll(ctx context.Context, tx store.Tx, d *store.Deleted) error {
	var err error
	if *d, err = tx.DeleteAll(ctx); err != nil {
		return err
	}
	n, err := tx.DeleteSettings(ctx, settingsPrefix)
	d.Settings += n
	return err
}

func resetAccount(ctx context.Context, tx store.Tx, d *store.Deleted, account, catalog string) error {
	catalogs := []string{CatalogAWS, CatalogSandbox}
	if catalog != "" {
		catalogs = []string{catalog}
	}
	// The expiry jobs of the account's invitations belong to no account:
	// find them before the invitations go.
	var expiries []string
	for _, c := range catalogs {
		for _, role := range []string{store.RoleSender, store.RoleReceiver} {
			invs, err := tx.ListInvitations(ctx, store.InvitationQuery{Catalog: c, Account: account, Role: role})
			if err != nil {
				return err
			}
			for _, inv := range invs {
				expiries = append(expiries, expiryJobKey(inv.ID))
			}
		}
	}
	r := store.AccountReset{Account: account, Bystanders: []string{awsSenderAWSCatalog, awsSenderSandbox}}
	for _, c := range catalogs {
		r.Catalogs = append(r.Catalogs, c, awsSideScope(store.Scope{Catalog: c}).Catalog)
	}
	var err error
	if *d, err = tx.DeleteAccount(ctx, r); err != nil {
		return err
	}
	n, err := tx.DeleteJobs(ctx, expiries)
	if err != nil {
		return err
	}
	d.Jobs += n
	prefix := settingsPrefix + account + "/"
	if catalog != "" {
		prefix += catalog + "/"
	}
	n, err = tx.DeleteSettings(ctx, prefix)
	d.Settings += n
	return err
}
