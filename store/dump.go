package store

import (
	"context"
	"time"
)

// Dumper reads and writes records as they are stored, with the ids,
// sequence numbers and history that the other methods keep to themselves:
// what pcs export writes and pcs import reads back (package export holds
// the file). Dump inside View is a consistent copy of a running store.
type Dumper interface {
	// Dump calls fn with every record f selects, kind by kind in the
	// order of Record's fields: the store's positions first, then the
	// sequences, the opportunity clocks, the settings, and the records.
	// fn must not use the transaction; an error from fn ends the dump and
	// is returned.
	Dump(ctx context.Context, f DumpFilter, fn func(Record) error) error
	// Load writes one record as Dump gave it, keeping its keys, ids and
	// version numbers:
	//   - positions, sequences and opportunity clocks only ever go up (to
	//     the larger of the stored and the loaded value), so no id,
	//     position or version is handed out twice; an opportunity version
	//     raises its scope's clock to its own numbers too;
	//   - a setting, and a shared record (engagement, member, invitation,
	//     snapshot) whose key is taken, replace the stored one;
	//   - an opportunity version, solution, client token, task or snapshot
	//     job whose key is taken is ErrExists;
	//   - a job keeps its ID and an event its Seq when no other has it, and
	//     takes the next one otherwise; a job whose Key is taken, or an
	//     event whose ID is, is ErrExists. Later jobs and events are
	//     numbered after the highest loaded.
	Load(ctx context.Context, r Record) error
}

// DumpFilter says what Dump reads: everything when Account is empty.
//
// With an Account, what an account export holds: the positions and the
// sequences (which count for every account), the settings under
// SettingPrefixes, and of Account in Catalogs (every catalog when empty)
// its opportunity clocks, its opportunities with their history,
// solutions, client tokens, tasks, snapshot jobs, jobs and events; the
// jobs named in JobKeys; the engagements of those catalogs it is a member
// of or was invited into, with all their members; the invitations it sent
// or received; and the snapshots of those engagements it created or may
// read.
type DumpFilter struct {
	Account         string
	Catalogs        []string
	SettingPrefixes []string
	JobKeys         []string
}

// Record is one stored record: exactly one field is set. The fields are
// in the order Dump gives the kinds.
type Record struct {
	Positions        *Positions
	Sequence         *Sequence
	OpportunityClock *OpportunityClock
	Setting          *Setting
	Opportunity      *OpportunityVersion
	Solution         *Solution
	Idempotency      *Idempotency
	Job              *Job
	Invitation       *Invitation
	Task             *Task
	Engagement       *Engagement
	Member           *EngagementMember
	Snapshot         *Snapshot
	SnapshotJob      *SnapshotJob
	Event            *Event
}

// Positions are the event outbox's own counters, which no record holds.
type Positions struct {
	// EventSeq is the last position the outbox handed out: at least every
	// stored event's Seq, and more when later events were deleted (by a
	// reset); the next event is written after it.
	EventSeq int64
	// EventsPrunedThrough is what EventsPrunedThrough returns.
	EventsPrunedThrough int64
}

// Sequence is a counter of NextSequence and the last value it handed out.
type Sequence struct {
	Name  string
	Value int64
}

// OpportunityClock is a scope's opportunity counters, kept when the
// scope's opportunities are deleted (by a reset).
type OpportunityClock struct {
	Scope
	// Version is what OpportunityVersion returns: the version of the
	// scope's latest opportunity write.
	Version int64
	// PrunedThrough is the version up to which PruneOpportunityHistory
	// forgot the scope's superseded versions: listings pinned below it
	// have expired.
	PrunedThrough int64
}

// Setting is one server-wide setting.
type Setting struct {
	Key, Value string
}

// OpportunityVersion is one version of an opportunity: the current one,
// or one a later write superseded (kept for listings pinned before it).
type OpportunityVersion struct {
	Opportunity
	// Version is the scope's version that wrote it (see
	// OpportunityVersion).
	Version int64
	// ReplacedBy is the version that superseded it, 0 for the current
	// one; ReplacedAt is when (pruning counts from it).
	ReplacedBy int64
	ReplacedAt time.Time
}
