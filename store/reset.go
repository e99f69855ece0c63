package store

import "context"

// Resetter deletes records wholesale: what a reset of pcs between tests
// does (POST /_pcs/reset). Each method deletes inside the transaction it
// is called in, so a reset is whole or not at all, and a request running
// beside it sees the store either before it or after it.
//
// A reset keeps the sequences: ids, event Seqs and job ids handed out
// before it are never handed out again, so a stale id finds nothing
// rather than a newer record, and an event cursor stays valid.
type Resetter interface {
	// DeleteAll deletes every record but the sequences and the settings.
	DeleteAll(ctx context.Context) (Deleted, error)
	// DeleteAccount deletes one account's records (see AccountReset).
	// Shared records are the other accounts' too: see AccountReset for
	// what goes and what stays.
	DeleteAccount(ctx context.Context, r AccountReset) (Deleted, error)
	// DeleteJobs deletes the jobs with these keys, whatever their state,
	// and returns how many there were.
	DeleteJobs(ctx context.Context, keys []string) (int64, error)
	// DeleteSettings deletes the settings whose key starts with prefix and
	// returns how many there were.
	DeleteSettings(ctx context.Context, prefix string) (int64, error)
}

// AccountReset names the records DeleteAccount deletes: those of Account
// in Catalogs (every catalog when empty).
//
// What is the account's alone goes: its opportunities with their history,
// solutions, tasks, snapshot jobs, client tokens, jobs, and the events
// addressed to it. Of what it shares with other accounts:
//   - its engagement memberships go; an engagement stays while another
//     member is left (one not in Bystanders), who keeps seeing it with one
//     member fewer;
//   - an engagement it was a member of, or invited into, that is left with
//     no such member goes, with all its memberships, snapshots and
//     invitations;
//   - the invitations it sent or received go, from both parties' views;
//   - the snapshots it created, and those only it could read, go.
type AccountReset struct {
	Account  string
	Catalogs []string
	// Bystanders are members whose membership alone does not keep an
	// engagement: AWS, a member of every engagement it opens to send a
	// referral or a lead.
	Bystanders []string
}

// Deleted counts the records a reset deleted, by kind.
type Deleted struct {
	// Opportunities counts opportunities, not their versions: the
	// superseded versions go with them.
	Opportunities     int64
	Solutions         int64
	Engagements       int64
	EngagementMembers int64
	Invitations       int64
	Tasks             int64
	Snapshots         int64
	SnapshotJobs      int64
	// Jobs counts AWS-side jobs, pending and finished.
	Jobs int64
	// Events counts events of the outbox, delivered or not.
	Events int64
	// ClientTokens counts the records of idempotent writes.
	ClientTokens int64
	Settings     int64
}
