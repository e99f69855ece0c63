package selling

import (
	"crypto/rand"
	"fmt"
	"regexp"

	"pcs/store"
)

// Every id and ARN the service makes or reads, in the real service's forms.
//
//	resource               id                 ARN
//	opportunity            O5000001           arn:aws:partnercentral:us-east-1:<account>:catalog/<catalog>/opportunity/<id>
//	solution               S-1000001          arn:aws:partnercentral:us-east-1:<account>:catalog/<catalog>/solution/<id>
//	engagement             eng-<14>           arn:aws:partnercentral:us-east-1::catalog/<catalog>/engagement/<id>
//	engagement invitation  engi-<13>          arn:aws:partnercentral:us-east-1::catalog/<catalog>/engagement-invitation/<id>
//	task (three families)  task-<13>          arn:aws:partnercentral:us-east-1::catalog/<catalog>/<family>/<id>
//	prospecting task       task-<14>          arn:aws:partnercentral-selling:us-east-1::catalog/<catalog>/prospecting-from-engagement-task/<id>
//	resource snapshot job  job-<13>           arn:aws:partnercentral:us-east-1:<account>:catalog/<catalog>/resource-snapshot-job/<id>
//	resource snapshot      (its revision)     arn:aws:partnercentral:us-east-1::catalog/<catalog>/engagement/<engagement>/resource/<type>/<id>/template/<template>/snapshot/<revision>
//	IAM role               (its name)         arn:aws:iam::<account>:role/<name>
//
// <n> is n random characters of [0-9a-z]. Opportunity and solution ids
// count up from a base so they look like the service's: O and 7 or more
// digits, S- and 7 digits.

// Random ids: a prefix and this many random characters.
var (
	engagementIDForm      = randomIDForm{"eng-", 14}
	invitationIDForm      = randomIDForm{"engi-", 13}
	taskIDForm            = randomIDForm{"task-", 13}
	prospectingTaskIDForm = randomIDForm{"task-", 14}
	snapshotJobIDForm     = randomIDForm{"job-", 13}
)

// Bases of the counted ids.
const (
	opportunityIDBase = 5_000_000
	solutionIDBase    = 1_000_000
)

// ARN forms; the fmt verbs are, in order, the values the form names.
const (
	opportunityARNForm     = "arn:aws:partnercentral:us-east-1:%s:catalog/%s/opportunity/%s"           // account, catalog, id
	solutionARNForm        = "arn:aws:partnercentral:us-east-1:%s:catalog/%s/solution/%s"              // account, catalog, id
	engagementARNForm      = "arn:aws:partnercentral:us-east-1::catalog/%s/engagement/%s"              // catalog, id
	invitationARNForm      = "arn:aws:partnercentral:us-east-1::catalog/%s/engagement-invitation/%s"   // catalog, id
	taskARNForm            = "arn:aws:partnercentral:us-east-1::catalog/%s/%s/%s"                      // catalog, family, id
	prospectingTaskARNForm = "arn:aws:partnercentral-selling:us-east-1::catalog/%s/%s/%s"              // catalog, family, id
	snapshotJobARNForm     = "arn:aws:partnercentral:us-east-1:%s:catalog/%s/resource-snapshot-job/%s" // account, catalog, id
	snapshotARNForm        = "arn:aws:partnercentral:us-east-1::catalog/%s/engagement/%s/resource/%s/%s/template/%s/snapshot/%d"
	iamRoleARNForm         = "arn:aws:iam::%s:role/%s" // account, name
)

// Forms of what requests name, as the service checks them.
var (
	accountPattern    = regexp.MustCompile(`^[0-9]{12}$`)
	solutionIDPattern = regexp.MustCompile(`^S-[0-9]{1,19}$`)
	productIDPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	// roleARN splits an IAM role ARN into its account and name.
	roleARN = regexp.MustCompile(`^arn:aws:iam::([0-9]{12}):role/(.+)$`)
	// taggableARN splits a taggable resource's ARN: account, catalog,
	// resource type and id.
	taggableARN = regexp.MustCompile(`^arn:aws:partnercentral:us-east-1:([0-9]{12}):catalog/([A-Za-z]+)/([a-z-]+)/([^/]+)$`)
	// AWS Marketplace offers and offer sets, with the seller's account.
	offerARNPattern = regexp.MustCompile(`^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-\d+:(\d{12}):AWSMarketplace/Offer/.+$`)
	offerSetPattern = regexp.MustCompile(`^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-\d+:(\d{12}):AWSMarketplace/OfferSet/offerset-.+$`)
	// Marketplace solution and product ARNs as the partner guide shows them;
	// a product's resource type names its kind (SaaSProduct, AmiProduct, ...).
	marketplaceSolutionPattern = regexp.MustCompile(`^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-\d+:\d{12}:AWSMarketplace/Solution/.+$`)
	marketplaceProductPattern  = regexp.MustCompile(`^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-\d+:\d{12}:AWSMarketplace/[A-Za-z]*Product/.+$`)
)

// Examples for messages about malformed Marketplace ARNs.
const (
	marketplaceSolutionExample = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-ab1c2de3fgh4i"
	marketplaceProductExample  = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/SaaSProduct/prod-ab1c2de3fgh4i"
)

// randomIDForm is the form of an id made of a prefix and n random
// characters of [0-9a-z].
type randomIDForm struct {
	prefix string
	n      int
}

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// new returns a fresh id of the form.
func (f randomIDForm) new() string {
	b := make([]byte, f.n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error()) // cannot happen on supported platforms
	}
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return f.prefix + string(b)
}

// opportunityID is the id of the seq-th opportunity the service creates.
func opportunityID(seq int64) string { return fmt.Sprintf("O%d", opportunityIDBase+seq) }

// solutionID is the id of the seq-th solution registered without one.
func solutionID(seq int64) string { return fmt.Sprintf("S-%07d", solutionIDBase+seq) }

func opportunityARN(scope store.Scope, id string) string {
	return fmt.Sprintf(opportunityARNForm, scope.Account, scope.Catalog, id)
}

func solutionARN(scope store.Scope, id string) string {
	return fmt.Sprintf(solutionARNForm, scope.Account, scope.Catalog, id)
}

func engagementARN(catalog, id string) string { return fmt.Sprintf(engagementARNForm, catalog, id) }

func invitationARN(catalog, id string) string { return fmt.Sprintf(invitationARNForm, catalog, id) }

func taskARN(catalog, family, id string) string { return fmt.Sprintf(taskARNForm, catalog, family, id) }

func prospectingTaskARN(catalog, id string) string {
	return fmt.Sprintf(prospectingTaskARNForm, catalog, familyProspecting, id)
}

func snapshotJobARN(scope store.Scope, id string) string {
	return fmt.Sprintf(snapshotJobARNForm, scope.Account, scope.Catalog, id)
}

func snapshotARN(k store.SnapshotKey, revision int) string {
	return fmt.Sprintf(snapshotARNForm, k.Catalog, k.EngagementID, k.ResourceType, k.ResourceID, k.Template, revision)
}

func iamRoleARN(account, name string) string { return fmt.Sprintf(iamRoleARNForm, account, name) }

// idFromARN accepts an id or an ARN whose last segment is the id.
func idFromARN(v string) string {
	for i := len(v) - 1; i >= 0; i-- {
		if v[i] == '/' {
			return v[i+1:]
		}
	}
	return v
}
