package selling

import (
	"pcs/api"
	"pcs/store"
)

// Directory knows the Partner Central users of partner accounts (pcs's
// credentials file lists them). The Selling API has no operation to list
// them (spec §12.9): AssignOpportunity takes an assignee by email and the
// service looks the user up.
type Directory interface {
	// User returns account's user with email (compared without case).
	// listed is false when the directory has no users for the account;
	// AssignOpportunity then accepts any well-formed contact.
	User(account, email string) (u DirectoryUser, found, listed bool)
	// CompanyName returns the account's company name, "" when unknown.
	CompanyName(account string) string
	// Connected reports whether two partners are connected (Partner
	// Central's partner connections): only they can invite each other.
	Connected(a, b string) bool
}

// DirectoryUser is a Partner Central user's profile.
type DirectoryUser struct {
	Email, FirstName, LastName string
}

// connected reports whether two partners may invite each other: every pair
// is, unless the directory says otherwise.
func (s *Service) connected(a, b string) bool {
	return s.cfg.Directory == nil || s.cfg.Directory.Connected(a, b)
}

// assignee is the owner contact AssignOpportunity puts on the team: the
// request's contact, checked against the directory when the account has
// one, with the first and last name the directory holds for that email.
func (s *Service) assignee(scope store.Scope, a *api.AssigneeContact) (api.Contact, error) {
	owner := api.Contact{
		BusinessTitle: ptr(titleOpportunityOwner),
		Email:         a.Email,
		FirstName:     a.FirstName,
		LastName:      a.LastName,
		Phone:         a.Phone,
	}
	if s.cfg.Directory == nil {
		return owner, nil
	}
	u, found, listed := s.cfg.Directory.User(scope.Account, deref(a.Email))
	switch {
	case !listed:
		return owner, nil
	case !found:
		return api.Contact{}, businessInvalid(fieldError("assignee.email", api.ValidationExceptionErrorCodeInvalidValue,
			"Assignee.Email is not a Partner Central user of this partner account. Assign the opportunity to one of the account's users."))
	}
	owner.FirstName, owner.LastName = ptr(u.FirstName), ptr(u.LastName)
	return owner, nil
}

// companyName is how an account appears to other partners: its company in
// the directory (the credentials file), else a name made from its id.
func (s *Service) companyName(account string) string {
	if account == awsSenderAWSCatalog {
		return awsCompanyName
	}
	if s.cfg.Directory != nil {
		if name := s.cfg.Directory.CompanyName(account); name != "" {
			return name
		}
	}
	return "Partner " + account
}
