package server

import (
	"pcs/accounts"
	"pcs/selling"
)

// userDirectory is the credentials file seen as the service's directory:
// its users, company names and partner connections.
type userDirectory struct{ dir *accounts.Directory }

func (d userDirectory) CompanyName(account string) string { return d.dir.CompanyName(account) }

func (d userDirectory) Connected(a, b string) bool { return d.dir.Connected(a, b) }

func (d userDirectory) User(account, email string) (selling.DirectoryUser, bool, bool) {
	u, found, listed := d.dir.User(account, email)
	return selling.DirectoryUser{Email: u.Email, FirstName: u.FirstName, LastName: u.LastName}, found, listed
}
