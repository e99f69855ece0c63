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
	if err := checkAccountScope("reset", account, catalog); err != nil {
		return d, err
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

// checkAccountScope checks the account ("" for every one) and catalog (""
// for both) of a reset, an export or an import.
func checkAccountScope(of, account, catalog string) error {
	var problems []string
	if account == "" && catalog != "" {
		problems = append(problems, "a "+of+" of one catalog is of one account: give the Account too")
	}
	if account != "" && !accountPattern.MatchString(account) {
		problems = append(problems, "Account must be a 12-digit AWS account id")
	}
	if catalog != "" && catalog != CatalogAWS && catalog != CatalogSandbox {
		problems = append(problems, "Catalog must be AWS or Sandbox (or left out for both)")
	}
	if len(problems) > 0 {
		return &InvalidInputError{Problems: problems}
	}
	return nil
}

// accountCatalogs are the catalogs an account's records are kept in for
// catalog ("" for both): the catalogs, and AWS's side of each.
func accountCatalogs(catalog string) (catalogs, stored []string) {
	catalogs = []string{CatalogAWS, CatalogSandbox}
	if catalog != "" {
		catalogs = []string{catalog}
	}
	for _, c := range catalogs {
		stored = append(stored, c, awsSideScope(store.Scope{Catalog: c}).Catalog)
	}
	return catalogs, stored
}

// accountSettings is the prefix of an account's settings in catalog (""
// for both).
func accountSettings(account, catalog string) string {
	prefix := settingsPrefix + account + "/"
	if catalog != "" {
		prefix += catalog + "/"
	}
	return prefix
}

// invitationExpiries are the keys of the expiry jobs of the invitations
// account sent or received in catalogs: they belong to no account.
func invitationExpiries(ctx context.Context, tx store.Tx, account string, catalogs []string) ([]string, error) {
	var expiries []string
	for _, c := range catalogs {
		for _, role := range []string{store.RoleSender, store.RoleReceiver} {
			invs, err := tx.ListInvitations(ctx, store.InvitationQuery{Catalog: c, Account: account, Role: role})
			if err != nil {
				return nil, err
			}
			for _, inv := range invs {
				expiries = append(expiries, expiryJobKey(inv.ID))
			}
		}
	}
	return expiries, nil
}

func resetAccount(ctx context.Context, tx store.Tx, d *store.Deleted, account, catalog string) error {
	catalogs, stored := accountCatalogs(catalog)
	// Find the expiry jobs before the invitations go.
	expiries, err := invitationExpiries(ctx, tx, account, catalogs)
	if err != nil {
		return err
	}
	r := store.AccountReset{Account: account, Catalogs: stored, Bystanders: []string{awsSenderAWSCatalog, awsSenderSandbox}}
	if *d, err = tx.DeleteAccount(ctx, r); err != nil {
		return err
	}
	n, err := tx.DeleteJobs(ctx, expiries)
	if err != nil {
		return err
	}
	d.Jobs += n
	n, err = tx.DeleteSettings(ctx, accountSettings(account, catalog))
	d.Settings += n
	return err
}
