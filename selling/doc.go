// Package selling is the Partner Central Selling service: what each
// operation does to the stored state, which requests are refused and with
// which of the model's exceptions, and what AWS does on its side.
//
// # Where things are
//
// A file is named for the resource noun of the API operations it holds:
// opportunity*.go (opportunity.go has CreateOpportunity and
// GetOpportunity, opportunity_update.go UpdateOpportunity, and so on),
// engagement*.go, invitation*.go, task_<kind>.go for each kind of task,
// snapshot*.go, solution.go, settings.go, tags.go. Machinery several
// operations share lives in files named for what it does: paging.go
// (page tokens and keyset paging), write.go (idempotent writes with a
// ClientToken), ids.go (every id and ARN form), jobs.go (the jobs AWS's
// side schedules), tasks.go (task storage), events.go (the event outbox),
// errors.go, values.go, directory.go, maintain.go, reset.go (deleting
// what tests made) and seed.go (preloading a store). Tests follow their files: foo.go is tested in foo_test.go.
//
// The exported methods of Service are exactly the API's operations.
// AWS's side, which no API operation reaches, is the AWS type, in
// aws_*.go: its review of submitted opportunities (and the rules file
// that can drive it), referrals, leads, invitation expiry, insights,
// prospecting and partner solutions.
//
// # How a request flows
//
// awsjson routes a request by its X-Amz-Target, sigv4 tells who is
// calling, and the generated api layer decodes and validates the body; the
// Service method then checks the business rules and does its work in one
// store transaction (store.Update, or store.View to read). What it writes
// and the events it reports (events.go) commit together, and work AWS does
// later is scheduled in that same transaction as a job (jobs.go), which
// the job runner (package jobs) hands to AWS.RunJob when the pcs clock
// reaches it.
package selling
