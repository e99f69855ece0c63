// Package store defines how pcs keeps its state. Backends (store/sqlite and
// store/postgres, whose queries are one in store/sqlstore) implement Store
// and must pass store/storetest.
//
// Every record is keyed by Scope (account, catalog): the AWS and Sandbox
// catalogs never see each other's data, and one partner account never sees
// another's. Resources are stored as JSON documents owned by the service
// layer, next to the few columns that filters and sorts need.
package store

import (
	"context"
	"errors"
	"strconv"
	"time"
)

var (
	// ErrNotFound means the record does not exist in the given scope.
	ErrNotFound = errors.New("store: not found")
	// ErrExists means an insert collided with an existing key.
	ErrExists = errors.New("store: already exists")
	// ErrSnapshotExpired means a listing asked for a version whose history
	// was pruned.
	ErrSnapshotExpired = errors.New("store: snapshot expired")
)

// Scope is the partition every record belongs to.
type Scope struct {
	Account string // 12-digit AWS account id
	Catalog string // "AWS" or "Sandbox"
}

// Cursor is a position in a listing ordered by a time and then by a unique
// id: a page that starts after the last record of the previous one neither
// skips nor repeats a record however many are written between the two.
type Cursor struct {
	At int64  `json:"t"` // the sort time, in Unix nanoseconds
	ID string `json:"i"`
}

// Store is a transactional state store. What the service relies on, and
// every backend must give (store/storetest checks each):
//
//   - Updates are serializable. The outcome of concurrent Updates is that
//     of running them one at a time in some order, each seeing all the
//     writes of those before it: a read, a comparison and a write in one
//     Update (an optimistic lock, a client token looked up then recorded,
//     "no pending invitation yet", a member count) are never interleaved
//     with another Update's. An Update that returned nil is seen by every
//     Update and View that begins after it returned.
//   - An Update's fn may run more than once. A backend may roll an attempt
//     back (a serialization failure, a deadlock) and call fn again in a
//     new transaction; only the last run commits. So fn has no effect
//     outside its transaction: it leaves what it was given (a request, a
//     spec) as it found it, sends on no channel, logs, counts or caches
//     nothing of what it did, and keeps no value a transaction handed out
//     (an id from NextSequence) past its run. Results go to variables
//     that each run assigns afresh (a slice a run appends to is emptied at
//     its start); they mean something only once Update returned nil.
//   - A View's fn runs once, on one consistent snapshot: the state after
//     some Updates and none of the others.
//   - Counters become visible in commit order: NextSequence's values, an
//     Event's Seq and a scope's opportunity versions. A value is taken by
//     the transaction that asks for it and becomes visible when that
//     transaction commits; once any reader has seen a value n, every value
//     below n that will ever be visible already is. A reader that has
//     read everything up to n (the event deliverer's cursor, a listing
//     pinned to a version) therefore never misses a record that commits
//     later with a lower one. A rolled-back transaction's values are taken
//     again by later ones; committed values never are, even across
//     restarts and resets.
type Store interface {
	// Update runs fn in one read-write transaction. The transaction commits
	// when fn returns nil and rolls back otherwise; fn's error is returned.
	// Writes are durable when Update returns nil.
	Update(ctx context.Context, fn func(Tx) error) error
	// View runs fn in a read-only transaction that sees one consistent snapshot.
	View(ctx context.Context, fn func(Tx) error) error
	// Close releases the store's resources.
	Close() error
}

// AnswerReader is implemented by a Store that reads an opportunity's
// answer outside any transaction of its own: OpportunityAnswer gives what
// Tx.OpportunityAnswer gives in a View of its own (the same answer, nil,
// or ErrNotFound), from one consistent snapshot, which one statement sees
// by itself; it saves the View's BEGIN and ROLLBACK on the most frequent
// read. The snapshot is taken when it runs: it sees every Update that
// returned before it began, as a View does.
type AnswerReader interface {
	OpportunityAnswer(ctx context.Context, scope Scope, id string) ([]byte, error)
}

// ListingReader is implemented by a Store that reads a page of
// opportunities outside any transaction of its own: ReadListing gives what
// a View of its own gives that reads OpportunityVersion (when q.AsOf is 0)
// and then ListOpportunities at it, from the snapshot of one statement; it
// saves the View's BEGIN and ROLLBACK and the version's query on every
// listing. The snapshot is taken when it runs, as a View's is.
type ListingReader interface {
	ReadListing(ctx context.Context, scope Scope, q OpportunityQuery) (Listing, error)
}

// Listing is a page of ListOpportunities and the version it shows its
// scope at.
type Listing struct {
	Opportunities []Opportunity
	// AsOf is q.AsOf, or when that is 0 the scope's version in the page's
	// snapshot (for a page without records, one read at or after it): a
	// listing continued at AsOf sees the scope as this page did.
	AsOf int64
}

// ReadListing reads a page of scope's opportunities with db's
// ListingReader, or in a View when db has none.
func ReadListing(ctx context.Context, db Store, scope Scope, q OpportunityQuery) (Listing, error) {
	if r, ok := db.(ListingReader); ok {
		return r.ReadListing(ctx, scope, q)
	}
	var l Listing
	err := db.View(ctx, func(tx Tx) error {
		if q.AsOf == 0 {
			v, err := tx.OpportunityVersion(ctx, scope)
			if err != nil {
				return err
			}
			q.AsOf = v
		}
		recs, err := tx.ListOpportunities(ctx, scope, q)
		l = Listing{Opportunities: recs, AsOf: q.AsOf}
		return err
	})
	return l, err
}

// Tx is one transaction's view of the store. Its methods must only be used
// inside the function given to Update or View.
type Tx interface {
	Resetter       // reset.go
	Dumper         // dump.go
	FaultRules     // faults.go
	DeliveryLeaser // lease.go
	Secrets        // secret.go

	// NextSequence returns the next value (starting at 1) of the named
	// counter: committed values are never handed out twice, and they become
	// visible in commit order (see Store).
	NextSequence(ctx context.Context, name string) (int64, error)

	// GetOpportunity returns ErrNotFound when id is not in scope.
	GetOpportunity(ctx context.Context, scope Scope, id string) (*Opportunity, error)
	// OpportunityAnswer returns the Answer of an opportunity's current
	// version, nil when it has none, or ErrNotFound when id is not in scope.
	OpportunityAnswer(ctx context.Context, scope Scope, id string) ([]byte, error)
	// InsertOpportunity returns ErrExists when the id is taken in scope.
	InsertOpportunity(ctx context.Context, o *Opportunity) error
	// UpdateOpportunity replaces a stored opportunity; ErrNotFound if absent.
	UpdateOpportunity(ctx context.Context, o *Opportunity) error
	// ListOpportunities returns at most q.Limit opportunities in q's order,
	// starting after q.After when set, as they stood at q.AsOf. A listed
	// record carries what a page and its cursor are made of: its Scope, ID
	// and the field it is sorted on (Cursor), and its Summary with
	// SummaryEncoded, or its Doc when it has no Summary; its other fields
	// are left zero.
	ListOpportunities(ctx context.Context, scope Scope, q OpportunityQuery) ([]Opportunity, error)
	// OpportunityVersion returns scope's newest opportunity version (0
	// before its first opportunity): every insert or update of one of
	// scope's opportunities takes the scope's next, and versions become
	// visible in commit order (see Store). A listing of scope made with
	// AsOf set to it sees the scope as it is now, however later writes
	// reorder it, so paging never skips or repeats a record.
	OpportunityVersion(ctx context.Context, scope Scope) (int64, error)
	// OpportunityHistory returns the stored versions of one opportunity,
	// oldest first, the current one last, without their Summary and Doc:
	// the columns each version had (stage, review status, last modified).
	// Only what PruneOpportunityHistory has left is there; ErrNotFound
	// when id is not in scope.
	OpportunityHistory(ctx context.Context, scope Scope, id string) ([]Opportunity, error)
	// PruneOpportunityHistory forgets superseded opportunity versions that
	// were replaced before t; listings pinned to older versions of their
	// scope then fail with ErrSnapshotExpired.
	PruneOpportunityHistory(ctx context.Context, t time.Time) (int64, error)

	// GetIdempotency returns the record a client token left, or ErrNotFound.
	GetIdempotency(ctx context.Context, scope Scope, operation, token string) (*Idempotency, error)
	// PutIdempotency records the outcome of a request made with a client token.
	PutIdempotency(ctx context.Context, rec *Idempotency) error
	// DeleteIdempotencyBefore forgets tokens recorded before t; returns how many.
	DeleteIdempotencyBefore(ctx context.Context, t time.Time) (int64, error)

	// PutSolution inserts or replaces a partner solution.
	PutSolution(ctx context.Context, s *Solution) error
	// GetSolution returns ErrNotFound when id is not in scope.
	GetSolution(ctx context.Context, scope Scope, id string) (*Solution, error)
	// ListSolutions returns at most q.Limit solutions in q's order.
	ListSolutions(ctx context.Context, scope Scope, q SolutionQuery) ([]Solution, error)

	// GetSetting returns a server-wide setting, or ErrNotFound.
	GetSetting(ctx context.Context, key string) (string, error)
	// PutSetting stores a server-wide setting.
	PutSetting(ctx context.Context, key, value string) error

	// ScheduleJob adds a pending job; ErrExists when its Key is taken, so a
	// job scheduled twice runs once. It fills in j.ID.
	ScheduleJob(ctx context.Context, j *Job) error
	// DueJobs returns up to limit pending jobs due at or before t, earliest first.
	DueJobs(ctx context.Context, t time.Time, limit int) ([]Job, error)
	// NextJobDue returns when the earliest pending job is due; ok is false
	// when none is pending.
	NextJobDue(ctx context.Context) (due time.Time, ok bool, err error)
	// FinishJob marks a pending job done (errText empty) or failed; it
	// returns ErrNotFound when the job is no longer pending, so a job that
	// two runners race for is finished by one of them only.
	FinishJob(ctx context.Context, id int64, at time.Time, errText string) error
	// ListJobs returns jobs in the given state ("" for all), newest first.
	ListJobs(ctx context.Context, state string, limit int) ([]Job, error)

	// PutInvitation inserts or replaces an engagement invitation.
	PutInvitation(ctx context.Context, inv *Invitation) error
	// GetInvitation returns an invitation of a catalog by id, whoever its
	// parties are (the service checks who may see it), or ErrNotFound.
	GetInvitation(ctx context.Context, catalog, id string) (*Invitation, error)
	// ListInvitations returns at most q.Limit invitations in which q.Account
	// has q.Role, in q's order, starting after q.After when set.
	ListInvitations(ctx context.Context, q InvitationQuery) ([]Invitation, error)

	// PutTask inserts or replaces an asynchronous task.
	PutTask(ctx context.Context, t *Task) error
	// ListTasks returns at most q.Limit of an account's tasks of one family,
	// in q's order, starting after q.After when set.
	ListTasks(ctx context.Context, scope Scope, q TaskQuery) ([]Task, error)

	// PutEngagement inserts or replaces an engagement.
	PutEngagement(ctx context.Context, e *Engagement) error
	// GetEngagement returns an engagement of a catalog, or ErrNotFound.
	GetEngagement(ctx context.Context, catalog, id string) (*Engagement, error)
	// AddEngagementMember adds an account to an engagement; ErrExists when
	// it is a member already.
	AddEngagementMember(ctx context.Context, m *EngagementMember) error
	// EngagementMembers returns an engagement's members in the order they joined.
	EngagementMembers(ctx context.Context, catalog, engagementID string) ([]EngagementMember, error)
	// ListEngagements returns at most q.Limit engagements q.Member belongs
	// to, in q's order, starting after q.After when set.
	ListEngagements(ctx context.Context, q EngagementQuery) ([]Engagement, error)

	// PutSnapshot adds a resource snapshot revision; ErrExists when that
	// revision is taken.
	PutSnapshot(ctx context.Context, sn *Snapshot) error
	// GetSnapshot returns a revision of a resource's snapshot in an
	// engagement (revision 0: the latest), or ErrNotFound.
	GetSnapshot(ctx context.Context, key SnapshotKey, revision int) (*Snapshot, error)
	// ListSnapshots returns at most q.Limit snapshots matching q, oldest
	// first, starting after q.After when set.
	ListSnapshots(ctx context.Context, q SnapshotQuery) ([]Snapshot, error)

	// PutSnapshotJob inserts or replaces a resource snapshot job.
	PutSnapshotJob(ctx context.Context, j *SnapshotJob) error
	// GetSnapshotJob returns one of an account's jobs, or ErrNotFound.
	GetSnapshotJob(ctx context.Context, scope Scope, id string) (*SnapshotJob, error)
	// DeleteSnapshotJob removes a job; ErrNotFound when absent.
	DeleteSnapshotJob(ctx context.Context, scope Scope, id string) error
	// ListSnapshotJobs returns at most q.Limit of an account's jobs matching
	// q, in q's order, starting after q.After when set.
	ListSnapshotJobs(ctx context.Context, scope Scope, q SnapshotJobQuery) ([]SnapshotJob, error)

	// AppendEvent adds an event to the outbox, in the transaction of the
	// change it reports, and fills in e.Seq: its position, which becomes
	// visible in commit order (see Store), so a reader that has read up to
	// a position never finds an event before it later.
	AppendEvent(ctx context.Context, e *Event) error
	// EventsAfter returns up to limit events with Seq > after, in order;
	// account "" means every account's.
	EventsAfter(ctx context.Context, account string, after int64, limit int) ([]Event, error)
	// PruneEvents deletes the oldest events of the outbox: in Seq order,
	// those written before t (by Written) and at or before the position
	// through, up to the first event that is neither; it returns how many.
	// What remains is every event after one position, and Seq values are
	// never handed out again, so a cursor into the pruned part still reads
	// what remains.
	PruneEvents(ctx context.Context, t time.Time, through int64) (int64, error)
	// EventsPrunedThrough returns the highest Seq PruneEvents has deleted,
	// 0 when it has deleted none: a reader whose cursor is below it missed
	// the events between the two.
	EventsPrunedThrough(ctx context.Context) (int64, error)

	// RecentEvents returns up to q.Limit events matching q, newest first.
	RecentEvents(ctx context.Context, q EventQuery) ([]Event, error)

	// Scopes returns every scope that holds opportunities, invitations,
	// engagement memberships or solutions, ordered by account then catalog.
	Scopes(ctx context.Context) ([]Scope, error)
	// CountOpportunities counts scope's current opportunities by stage and
	// review status, without reading their documents.
	CountOpportunities(ctx context.Context, scope Scope) ([]OpportunityCount, error)
}

// EventQuery filters the outbox, newest first; empty fields match all.
type EventQuery struct {
	Account    string
	Catalog    string
	DetailType string
	// Contains keeps the events whose envelope holds this text, such as a
	// resource's id in quotes.
	Contains string
	// Before, when not 0, keeps the events with Seq < Before.
	Before int64
	Limit  int
}

// OpportunityCount is how many current opportunities of a scope have one
// stage and review status.
type OpportunityCount struct {
	Stage        string
	ReviewStatus string
	N            int
}

// Event is one EventBridge event in the outbox: what a change of the service
// tells an account. Seq orders all events; Doc is the whole envelope.
type Event struct {
	Seq        int64
	ID         string
	Account    string
	Catalog    string
	DetailType string
	Time       time.Time // the envelope's time, on the pcs clock
	// Written is when the event was appended, on the wall clock: the
	// outbox's retention counts from it (PruneEvents). Zero means Time.
	Written time.Time
	Doc     []byte
}

// Engagement is a collaboration space shared by its member accounts.
type Engagement struct {
	Catalog      string
	ID           string // "eng-" + 14
	CreatedBy    string // account id, or "aws"
	CreatedAt    time.Time
	ModifiedAt   time.Time
	ContextTypes []string
	Doc          []byte
}

// EngagementMember is one account's membership of an engagement.
type EngagementMember struct {
	Catalog      string
	EngagementID string
	Account      string
	JoinedAt     time.Time
	Doc          []byte
}

// EngagementQuery filters, orders and pages a member's engagements.
type EngagementQuery struct {
	Catalog             string
	Member              string
	IDs                 []string
	CreatedBy           []string
	ExcludeCreatedBy    []string
	ContextTypes        []string // any of them
	ExcludeContextTypes []string // none of them
	Sort                string   // CreatedDate (default)
	Descending          bool
	After               *Cursor
	Limit               int
}

// Cursor returns e's position in a listing by creation time.
func (e Engagement) Cursor() Cursor { return Cursor{At: e.CreatedAt.UnixNano(), ID: e.ID} }

// Invitation is an engagement invitation: the service's JSON document plus
// the columns its listings filter on. It belongs to two accounts, the
// sender's and the receiver's, in one catalog.
type Invitation struct {
	Catalog         string
	ID              string // "engi-" + 13
	SenderAccount   string // 12 digits, or "aws"
	ReceiverAccount string
	Status          string // PENDING, ACCEPTED, REJECTED, EXPIRED
	PayloadType     string
	EngagementID    string
	InvitedAt       time.Time
	Doc             []byte
}

// Invitation roles of ListInvitations.
const (
	RoleSender   = "SENDER"
	RoleReceiver = "RECEIVER"
)

// InvitationQuery filters, orders (by invitation date) and pages invitations.
type InvitationQuery struct {
	Catalog        string
	Account        string
	Role           string // RoleSender or RoleReceiver
	Statuses       []string
	PayloadTypes   []string
	SenderAccounts []string
	EngagementIDs  []string
	Descending     bool
	After          *Cursor
	Limit          int
}

// Cursor returns inv's position in a listing by invitation date.
func (inv Invitation) Cursor() Cursor { return Cursor{At: inv.InvitedAt.UnixNano(), ID: inv.ID} }

// Task is one run of an asynchronous operation (Start*Task) of an account.
type Task struct {
	Scope
	ID            string // "task-" + 13
	Family        string // e.g. "engagement-by-accepting-invitation-task"
	Status        string // IN_PROGRESS, COMPLETE, FAILED
	StartedAt     time.Time
	OpportunityID string
	InvitationID  string
	EngagementID  string
	Doc           []byte
}

// TaskQuery filters, orders (by start time) and pages one family's tasks.
type TaskQuery struct {
	Family         string
	IDs            []string
	Statuses       []string
	OpportunityIDs []string
	InvitationIDs  []string
	EngagementIDs  []string
	Descending     bool
	After          *Cursor
	Limit          int
}

// Cursor returns t's position in a listing by start time.
func (t Task) Cursor() Cursor { return Cursor{At: t.StartedAt.UnixNano(), ID: t.ID} }

// Job states.
const (
	JobPending = "pending"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is a durable unit of scheduled work: what the AWS side does later
// (reviews, expiries). DueAt is on the pcs clock, which the user can move.
type Job struct {
	ID         int64
	Key        string // unique: scheduling the same Key twice is refused
	Kind       string
	Scope      Scope
	DueAt      time.Time
	Payload    []byte
	State      string
	CreatedAt  time.Time
	FinishedAt time.Time
	Error      string
}

// Opportunity is a stored opportunity: the service's JSON document plus the
// columns that ListOpportunities filters and sorts on.
type Opportunity struct {
	Scope
	ID                  string // "O" + digits
	CreatedAt           time.Time
	LastModifiedAt      time.Time
	Stage               string // LifeCycle.Stage, "" when unset
	ReviewStatus        string // LifeCycle.ReviewStatus
	CustomerCompanyName string // Customer.Account.CompanyName
	TargetCloseDate     string // LifeCycle.TargetCloseDate, YYYY-MM-DD or ""
	// Summary is what ListOpportunities answers for this version, as JSON
	// owned by the service layer, written with Doc so that a listing need
	// not read the document. Versions stored before summaries were kept
	// have none.
	Summary []byte
	// SummaryEncoded says Summary is encoded exactly as ListOpportunities
	// sends this version's item, so that a listing may copy it into its
	// answer. Summaries stored before it was kept are encoded otherwise
	// and have it false.
	SummaryEncoded bool
	Doc            []byte // the full resource as JSON, owned by the service layer
	// Answer is what GetOpportunity answers for this version, encoded as
	// the API sends it, owned by the service layer and written with Doc so
	// that a read need not decode the document. Only the current version's
	// is read (a superseded one keeps it until its history is pruned), and
	// versions stored before answers were kept have none.
	Answer []byte
}

// OpportunitySort names the orderings ListOpportunities supports.
type OpportunitySort string

// The sort keys of ListOpportunities (the model's OpportunitySortName).
const (
	SortLastModifiedDate    OpportunitySort = "LastModifiedDate"
	SortIdentifier          OpportunitySort = "Identifier"
	SortCustomerCompanyName OpportunitySort = "CustomerCompanyName"
	SortCreatedDate         OpportunitySort = "CreatedDate"
	SortTargetCloseDate     OpportunitySort = "TargetCloseDate"
)

// OpportunityQuery filters, orders and pages opportunities. Empty filters
// match everything; within one filter the values are alternatives (OR), and
// filters combine with AND.
type OpportunityQuery struct {
	IDs                  []string
	Stages               []string
	ReviewStatuses       []string
	CustomerCompanyNames []string
	// Time bounds are inclusive: After means "on or after", Before "on or before".
	LastModifiedAfter  *time.Time
	LastModifiedBefore *time.Time
	CreatedAfter       *time.Time
	CreatedBefore      *time.Time
	TargetCloseAfter   string // YYYY-MM-DD, inclusive
	TargetCloseBefore  string // YYYY-MM-DD, inclusive

	// AsOf pins the listing to a version from OpportunityVersion of the
	// same scope; 0 means now.
	AsOf int64

	Sort       OpportunitySort // default SortLastModifiedDate
	Descending bool
	// After continues a listing: only records strictly after this position in
	// the chosen order are returned. Ties on the sort key break by ID.
	After *OpportunityCursor
	Limit int
}

// OpportunityCursor is a position in a sorted opportunity listing: the sort
// key of the last record returned and its ID.
type OpportunityCursor struct {
	Key string `json:"k"` // the sort key's value, as Cursor encodes it
	ID  string `json:"i"`
}

// Cursor returns the position of o in a listing ordered by sort. Times are
// encoded as Unix nanoseconds so that backends compare exact instants.
func (o *Opportunity) Cursor(sort OpportunitySort) OpportunityCursor {
	c := OpportunityCursor{ID: o.ID}
	switch sort {
	case SortCreatedDate:
		c.Key = strconv.FormatInt(o.CreatedAt.UnixNano(), 10)
	case SortCustomerCompanyName:
		c.Key = o.CustomerCompanyName
	case SortTargetCloseDate:
		c.Key = o.TargetCloseDate
	case SortIdentifier:
	default:
		c.Key = strconv.FormatInt(o.LastModifiedAt.UnixNano(), 10)
	}
	return c
}

// Idempotency remembers what a request made with a client token produced.
type Idempotency struct {
	Scope
	Operation   string
	Token       string
	RequestHash string // hash of the normalized request body, less the token
	Response    []byte // the JSON output that was returned
	CreatedAt   time.Time
}

// Solution is a partner solution offered in a catalog.
type Solution struct {
	Scope
	ID        string // "S-" + digits
	Name      string
	Status    string // Active | Inactive | Draft
	Category  string
	CreatedAt time.Time
	Doc       []byte
}

// SolutionQuery filters, orders and pages solutions.
type SolutionQuery struct {
	IDs        []string
	Statuses   []string
	Categories []string
	Sort       string // Identifier | Name | Status | Category | CreatedDate
	Descending bool
	Offset     int
	Limit      int
}

// SnapshotKey names a resource's snapshots in an engagement for a template.
type SnapshotKey struct {
	Catalog      string
	EngagementID string
	ResourceType string
	ResourceID   string
	Template     string
}

// Snapshot is one immutable revision of a resource as shared in an engagement.
type Snapshot struct {
	SnapshotKey
	Revision  int
	CreatedBy string
	// Audience is the one account that may read the snapshot; "" is every
	// member of the engagement.
	Audience  string
	CreatedAt time.Time
	Doc       []byte
}

// SnapshotQuery filters an engagement's snapshots; empty fields match all.
// Viewer, when set, leaves out the snapshots whose audience is another
// account.
type SnapshotQuery struct {
	Catalog, EngagementID, ResourceType, ResourceID, Template, CreatedBy string
	Viewer                                                               string
	After                                                                *SnapshotCursor
	Limit                                                                int
}

// SnapshotCursor is a position in a snapshot listing, which is ordered by
// creation time, then by the snapshot's key: the fields in that order.
type SnapshotCursor struct {
	At           int64  `json:"t"` // CreatedAt in Unix nanoseconds
	EngagementID string `json:"e"`
	ResourceID   string `json:"i"`
	Template     string `json:"m"`
	Revision     int    `json:"r"`
	ResourceType string `json:"y"`
}

// Cursor returns sn's position in a snapshot listing.
func (sn Snapshot) Cursor() SnapshotCursor {
	return SnapshotCursor{At: sn.CreatedAt.UnixNano(), EngagementID: sn.EngagementID, ResourceID: sn.ResourceID,
		Template: sn.Template, Revision: sn.Revision, ResourceType: sn.ResourceType}
}

// SnapshotJob keeps a resource's snapshots in an engagement current.
type SnapshotJob struct {
	Scope
	ID           string // "job-" + 13
	EngagementID string
	ResourceID   string
	Status       string // Running or Stopped
	CreatedAt    time.Time
	Doc          []byte
}

// SnapshotJobQuery filters, orders (by creation) and pages an account's jobs.
type SnapshotJobQuery struct {
	EngagementID string
	ResourceID   string
	Status       string
	Descending   bool
	After        *Cursor
	Limit        int
}

// Cursor returns j's position in a listing by creation time.
func (j SnapshotJob) Cursor() Cursor { return Cursor{At: j.CreatedAt.UnixNano(), ID: j.ID} }
