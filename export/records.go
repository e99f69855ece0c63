package export

import (
	"encoding/json"
	"fmt"
	"time"

	"pcs/store"
)

// The kinds of record lines, in the order an export gives them.
const (
	kindPositions   = "positions"
	kindSequence    = "sequence"
	kindClock       = "opportunity_clock"
	kindSetting     = "setting"
	kindOpportunity = "opportunity"
	kindSolution    = "solution"
	kindClientToken = "client_token"
	kindJob         = "job"
	kindInvitation  = "invitation"
	kindTask        = "task"
	kindEngagement  = "engagement"
	kindMember      = "engagement_member"
	kindSnapshot    = "snapshot"
	kindSnapshotJob = "snapshot_job"
	kindEvent       = "event"
	kindEnd         = "end"
)

// decoders reads the record lines of each version there is: a new version
// adds its own and keeps the older ones, which turn what an older pcs
// wrote into today's records.
var decoders = map[int]func(kind string, line []byte) (store.Record, error){
	1: decodeV1,
}

// The lines of version 1. Times are RFC 3339 in UTC with nanoseconds;
// documents (doc, summary, payload, response) are the JSON the service
// stored, as they are.

type endLine struct {
	Kind    string `json:"kind"`
	Records int64  `json:"records"`
}

type positionsLine struct {
	Kind                string `json:"kind"`
	EventSeq            int64  `json:"event_seq"`
	EventsPrunedThrough int64  `json:"events_pruned_through"`
}

type sequenceLine struct {
	Kind  string `json:"kind"`
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

type clockLine struct {
	Kind          string `json:"kind"`
	Account       string `json:"account"`
	Catalog       string `json:"catalog"`
	Version       int64  `json:"version"`
	PrunedThrough int64  `json:"pruned_through"`
}

type settingLine struct {
	Kind  string `json:"kind"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

type opportunityLine struct {
	Kind                string          `json:"kind"`
	Account             string          `json:"account"`
	Catalog             string          `json:"catalog"`
	ID                  string          `json:"id"`
	Version             int64           `json:"version"`
	ReplacedBy          int64           `json:"replaced_by,omitempty"`
	ReplacedAt          *time.Time      `json:"replaced_at,omitempty"`
	CreatedAt           time.Time       `json:"created_at"`
	LastModifiedAt      time.Time       `json:"last_modified_at"`
	Stage               string          `json:"stage"`
	ReviewStatus        string          `json:"review_status"`
	CustomerCompanyName string          `json:"customer_company_name"`
	TargetCloseDate     string          `json:"target_close_date"`
	Summary             json.RawMessage `json:"summary,omitempty"`
	Doc                 json.RawMessage `json:"doc"`
}

type solutionLine struct {
	Kind      string          `json:"kind"`
	Account   string          `json:"account"`
	Catalog   string          `json:"catalog"`
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Status    string          `json:"status"`
	Category  string          `json:"category"`
	CreatedAt time.Time       `json:"created_at"`
	Doc       json.RawMessage `json:"doc"`
}

type clientTokenLine struct {
	Kind        string          `json:"kind"`
	Account     string          `json:"account"`
	Catalog     string          `json:"catalog"`
	Operation   string          `json:"operation"`
	Token       string          `json:"token"`
	RequestHash string          `json:"request_hash"`
	Response    json.RawMessage `json:"response,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
}

type jobLine struct {
	Kind       string          `json:"kind"`
	ID         int64           `json:"id"`
	Key        string          `json:"key"`
	JobKind    string          `json:"job_kind"`
	Account    string          `json:"account"`
	Catalog    string          `json:"catalog"`
	DueAt      time.Time       `json:"due_at"`
	Payload    json.RawMessage `json:"payload,omitempty"`
	State      string          `json:"state"`
	CreatedAt  time.Time       `json:"created_at"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
	Error      string          `json:"error,omitempty"`
}

type invitationLine struct {
	Kind            string          `json:"kind"`
	Catalog         string          `json:"catalog"`
	ID              string          `json:"id"`
	SenderAccount   string          `json:"sender_account"`
	ReceiverAccount string          `json:"receiver_account"`
	Status          string          `json:"status"`
	PayloadType     string          `json:"payload_type"`
	EngagementID    string          `json:"engagement_id"`
	InvitedAt       time.Time       `json:"invited_at"`
	Doc             json.RawMessage `json:"doc"`
}

type taskLine struct {
	Kind          string          `json:"kind"`
	Account       string          `json:"account"`
	Catalog       string          `json:"catalog"`
	ID            string          `json:"id"`
	Family        string          `json:"family"`
	Status        string          `json:"status"`
	StartedAt     time.Time       `json:"started_at"`
	OpportunityID string          `json:"opportunity_id,omitempty"`
	InvitationID  string          `json:"invitation_id,omitempty"`
	EngagementID  string          `json:"engagement_id,omitempty"`
	Doc           json.RawMessage `json:"doc"`
}

type engagementLine struct {
	Kind         string          `json:"kind"`
	Catalog      string          `json:"catalog"`
	ID           string          `json:"id"`
	CreatedBy    string          `json:"created_by"`
	CreatedAt    time.Time       `json:"created_at"`
	ModifiedAt   time.Time       `json:"modified_at"`
	ContextTypes []string        `json:"context_types,omitempty"`
	Doc          json.RawMessage `json:"doc"`
}

type memberLine struct {
	Kind         string          `json:"kind"`
	Catalog      string          `json:"catalog"`
	EngagementID string          `json:"engagement_id"`
	Account      string          `json:"account"`
	JoinedAt     time.Time       `json:"joined_at"`
	Doc          json.RawMessage `json:"doc"`
}

type snapshotLine struct {
	Kind         string          `json:"kind"`
	Catalog      string          `json:"catalog"`
	EngagementID string          `json:"engagement_id"`
	ResourceType string          `json:"resource_type"`
	ResourceID   string          `json:"resource_id"`
	Template     string          `json:"template"`
	Revision     int             `json:"revision"`
	CreatedBy    string          `json:"created_by"`
	Audience     string          `json:"audience,omitempty"`
	CreatedAt    time.Time       `json:"created_at"`
	Doc          json.RawMessage `json:"doc"`
}

type snapshotJobLine struct {
	Kind         string          `json:"kind"`
	Account      string          `json:"account"`
	Catalog      string          `json:"catalog"`
	ID           string          `json:"id"`
	EngagementID string          `json:"engagement_id"`
	ResourceID   string          `json:"resource_id"`
	Status       string          `json:"status"`
	CreatedAt    time.Time       `json:"created_at"`
	Doc          json.RawMessage `json:"doc"`
}

type eventLine struct {
	Kind       string          `json:"kind"`
	Seq        int64           `json:"seq"`
	ID         string          `json:"id"`
	Account    string          `json:"account"`
	Catalog    string          `json:"catalog"`
	DetailType string          `json:"detail_type"`
	Time       time.Time       `json:"time"`
	Written    time.Time       `json:"written"`
	Doc        json.RawMessage `json:"doc"`
}

// raw is a stored document as it goes into a line: as it is, or left out
// when empty. A document that is not JSON (which the service never writes)
// cannot be carried.
func raw(what string, b []byte) (json.RawMessage, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("export: %s: the stored document is not JSON", what)
	}
	return json.RawMessage(b), nil
}

// optionalTime is nil for the zero time.
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// encode turns a record into its line; KindOf alone tells which member is set.
func encode(r store.Record) (any, error) {
	var err error
	docs := func(what string, dst *json.RawMessage, b []byte) {
		if err == nil {
			*dst, err = raw(what, b)
		}
	}
	var line any
	switch kind := KindOf(r); kind {
	case kindPositions:
		p := r.Positions
		line = positionsLine{Kind: kind, EventSeq: p.EventSeq, EventsPrunedThrough: p.EventsPrunedThrough}
	case kindSequence:
		line = sequenceLine{Kind: kind, Name: r.Sequence.Name, Value: r.Sequence.Value}
	case kindClock:
		c := r.OpportunityClock
		line = clockLine{Kind: kind, Account: c.Account, Catalog: c.Catalog, Version: c.Version, PrunedThrough: c.PrunedThrough}
	case kindSetting:
		line = settingLine{Kind: kind, Key: r.Setting.Key, Value: r.Setting.Value}
	case kindOpportunity:
		o := r.Opportunity
		l := opportunityLine{Kind: kind, Account: o.Account, Catalog: o.Catalog, ID: o.ID, Version: o.Version,
			ReplacedBy: o.ReplacedBy, ReplacedAt: optionalTime(o.ReplacedAt), CreatedAt: o.CreatedAt.UTC(),
			LastModifiedAt: o.LastModifiedAt.UTC(), Stage: o.Stage, ReviewStatus: o.ReviewStatus,
			CustomerCompanyName: o.CustomerCompanyName, TargetCloseDate: o.TargetCloseDate}
		docs("opportunity "+o.ID, &l.Summary, o.Summary)
		docs("opportunity "+o.ID, &l.Doc, o.Doc)
		line = l
	case kindSolution:
		s := r.Solution
		l := solutionLine{Kind: kind, Account: s.Account, Catalog: s.Catalog, ID: s.ID, Name: s.Name, Status: s.Status,
			Category: s.Category, CreatedAt: s.CreatedAt.UTC()}
		docs("solution "+s.ID, &l.Doc, s.Doc)
		line = l
	case kindClientToken:
		i := r.Idempotency
		l := clientTokenLine{Kind: kind, Account: i.Account, Catalog: i.Catalog, Operation: i.Operation, Token: i.Token,
			RequestHash: i.RequestHash, CreatedAt: i.CreatedAt.UTC()}
		docs("client token of "+i.Operation, &l.Response, i.Response)
		line = l
	case kindJob:
		j := r.Job
		l := jobLine{Kind: kind, ID: j.ID, Key: j.Key, JobKind: j.Kind, Account: j.Scope.Account, Catalog: j.Scope.Catalog,
			DueAt: j.DueAt.UTC(), State: j.State, CreatedAt: j.CreatedAt.UTC(), FinishedAt: optionalTime(j.FinishedAt), Error: j.Error}
		docs("job "+j.Key, &l.Payload, j.Payload)
		line = l
	case kindInvitation:
		inv := r.Invitation
		l := invitationLine{Kind: kind, Catalog: inv.Catalog, ID: inv.ID, SenderAccount: inv.SenderAccount,
			ReceiverAccount: inv.ReceiverAccount, Status: inv.Status, PayloadType: inv.PayloadType,
			EngagementID: inv.EngagementID, InvitedAt: inv.InvitedAt.UTC()}
		docs("invitation "+inv.ID, &l.Doc, inv.Doc)
		line = l
	case kindTask:
		k := r.Task
		l := taskLine{Kind: kind, Account: k.Account, Catalog: k.Catalog, ID: k.ID, Family: k.Family, Status: k.Status,
			StartedAt: k.StartedAt.UTC(), OpportunityID: k.OpportunityID, InvitationID: k.InvitationID,
			EngagementID: k.EngagementID}
		docs("task "+k.ID, &l.Doc, k.Doc)
		line = l
	case kindEngagement:
		e := r.Engagement
		l := engagementLine{Kind: kind, Catalog: e.Catalog, ID: e.ID, CreatedBy: e.CreatedBy, CreatedAt: e.CreatedAt.UTC(),
			ModifiedAt: e.ModifiedAt.UTC(), ContextTypes: e.ContextTypes}
		docs("engagement "+e.ID, &l.Doc, e.Doc)
		line = l
	case kindMember:
		m := r.Member
		l := memberLine{Kind: kind, Catalog: m.Catalog, EngagementID: m.EngagementID, Account: m.Account, JoinedAt: m.JoinedAt.UTC()}
		docs("member of "+m.EngagementID, &l.Doc, m.Doc)
		line = l
	case kindSnapshot:
		sn := r.Snapshot
		l := snapshotLine{Kind: kind, Catalog: sn.Catalog, EngagementID: sn.EngagementID, ResourceType: sn.ResourceType,
			ResourceID: sn.ResourceID, Template: sn.Template, Revision: sn.Revision, CreatedBy: sn.CreatedBy,
			Audience: sn.Audience, CreatedAt: sn.CreatedAt.UTC()}
		docs("snapshot of "+sn.ResourceID, &l.Doc, sn.Doc)
		line = l
	case kindSnapshotJob:
		j := r.SnapshotJob
		l := snapshotJobLine{Kind: kind, Account: j.Account, Catalog: j.Catalog, ID: j.ID, EngagementID: j.EngagementID,
			ResourceID: j.ResourceID, Status: j.Status, CreatedAt: j.CreatedAt.UTC()}
		docs("snapshot job "+j.ID, &l.Doc, j.Doc)
		line = l
	case kindEvent:
		e := r.Event
		l := eventLine{Kind: kind, Seq: e.Seq, ID: e.ID, Account: e.Account, Catalog: e.Catalog, DetailType: e.DetailType,
			Time: e.Time.UTC(), Written: e.Written.UTC()}
		docs("event "+e.ID, &l.Doc, e.Doc)
		line = l
	default:
		return nil, fmt.Errorf("export: an empty record")
	}
	return line, err
}

// bytesOf is a document as the store keeps it: absent is empty.
func bytesOf(m json.RawMessage) []byte {
	if m == nil {
		return []byte{}
	}
	return []byte(m)
}

// summaryOf keeps an absent summary absent: the store lists such a version
// from its document.
func summaryOf(m json.RawMessage) []byte {
	if m == nil {
		return nil
	}
	return []byte(m)
}

// strictLine decodes line strictly into a line of type L and, when it
// decodes, hands it to set.
func strictLine[L any](line []byte, set func(L)) error {
	var l L
	if err := strict(line, &l); err != nil {
		return err
	}
	set(l)
	return nil
}

// decodeV1 reads a record line of version 1.
func decodeV1(kind string, line []byte) (store.Record, error) {
	var r store.Record
	var err error
	switch kind {
	case kindPositions:
		err = strictLine(line, func(l positionsLine) {
			r.Positions = &store.Positions{EventSeq: l.EventSeq, EventsPrunedThrough: l.EventsPrunedThrough}
		})
	case kindSequence:
		err = strictLine(line, func(l sequenceLine) {
			r.Sequence = &store.Sequence{Name: l.Name, Value: l.Value}
		})
	case kindClock:
		err = strictLine(line, func(l clockLine) {
			r.OpportunityClock = &store.OpportunityClock{Scope: store.Scope{Account: l.Account, Catalog: l.Catalog},
				Version: l.Version, PrunedThrough: l.PrunedThrough}
		})
	case kindSetting:
		err = strictLine(line, func(l settingLine) {
			r.Setting = &store.Setting{Key: l.Key, Value: l.Value}
		})
	case kindOpportunity:
		err = strictLine(line, func(l opportunityLine) {
			r.Opportunity = &store.OpportunityVersion{Opportunity: store.Opportunity{
				Scope: store.Scope{Account: l.Account, Catalog: l.Catalog}, ID: l.ID, CreatedAt: l.CreatedAt.UTC(),
				LastModifiedAt: l.LastModifiedAt.UTC(), Stage: l.Stage, ReviewStatus: l.ReviewStatus,
				CustomerCompanyName: l.CustomerCompanyName, TargetCloseDate: l.TargetCloseDate,
				Summary: summaryOf(l.Summary), Doc: bytesOf(l.Doc)},
				Version: l.Version, ReplacedBy: l.ReplacedBy, ReplacedAt: timeOf(l.ReplacedAt)}
		})
	case kindSolution:
		err = strictLine(line, func(l solutionLine) {
			r.Solution = &store.Solution{Scope: store.Scope{Account: l.Account, Catalog: l.Catalog}, ID: l.ID, Name: l.Name,
				Status: l.Status, Category: l.Category, CreatedAt: l.CreatedAt.UTC(), Doc: bytesOf(l.Doc)}
		})
	case kindClientToken:
		err = strictLine(line, func(l clientTokenLine) {
			r.Idempotency = &store.Idempotency{Scope: store.Scope{Account: l.Account, Catalog: l.Catalog}, Operation: l.Operation,
				Token: l.Token, RequestHash: l.RequestHash, Response: bytesOf(l.Response), CreatedAt: l.CreatedAt.UTC()}
		})
	case kindJob:
		err = strictLine(line, func(l jobLine) {
			r.Job = &store.Job{ID: l.ID, Key: l.Key, Kind: l.JobKind, Scope: store.Scope{Account: l.Account, Catalog: l.Catalog},
				DueAt: l.DueAt.UTC(), Payload: bytesOf(l.Payload), State: l.State, CreatedAt: l.CreatedAt.UTC(),
				FinishedAt: timeOf(l.FinishedAt), Error: l.Error}
		})
	case kindInvitation:
		err = strictLine(line, func(l invitationLine) {
			r.Invitation = &store.Invitation{Catalog: l.Catalog, ID: l.ID, SenderAccount: l.SenderAccount,
				ReceiverAccount: l.ReceiverAccount, Status: l.Status, PayloadType: l.PayloadType, EngagementID: l.EngagementID,
				InvitedAt: l.InvitedAt.UTC(), Doc: bytesOf(l.Doc)}
		})
	case kindTask:
		err = strictLine(line, func(l taskLine) {
			r.Task = &store.Task{Scope: store.Scope{Account: l.Account, Catalog: l.Catalog}, ID: l.ID, Family: l.Family,
				Status: l.Status, StartedAt: l.StartedAt.UTC(), OpportunityID: l.OpportunityID, InvitationID: l.InvitationID,
				EngagementID: l.EngagementID, Doc: bytesOf(l.Doc)}
		})
	case kindEngagement:
		err = strictLine(line, func(l engagementLine) {
			r.Engagement = &store.Engagement{Catalog: l.Catalog, ID: l.ID, CreatedBy: l.CreatedBy, CreatedAt: l.CreatedAt.UTC(),
				ModifiedAt: l.ModifiedAt.UTC(), ContextTypes: l.ContextTypes, Doc: bytesOf(l.Doc)}
		})
	case kindMember:
		err = strictLine(line, func(l memberLine) {
			r.Member = &store.EngagementMember{Catalog: l.Catalog, EngagementID: l.EngagementID, Account: l.Account,
				JoinedAt: l.JoinedAt.UTC(), Doc: bytesOf(l.Doc)}
		})
	case kindSnapshot:
		err = strictLine(line, func(l snapshotLine) {
			r.Snapshot = &store.Snapshot{SnapshotKey: store.SnapshotKey{Catalog: l.Catalog, EngagementID: l.EngagementID,
				ResourceType: l.ResourceType, ResourceID: l.ResourceID, Template: l.Template}, Revision: l.Revision,
				CreatedBy: l.CreatedBy, Audience: l.Audience, CreatedAt: l.CreatedAt.UTC(), Doc: bytesOf(l.Doc)}
		})
	case kindSnapshotJob:
		err = strictLine(line, func(l snapshotJobLine) {
			r.SnapshotJob = &store.SnapshotJob{Scope: store.Scope{Account: l.Account, Catalog: l.Catalog}, ID: l.ID,
				EngagementID: l.EngagementID, ResourceID: l.ResourceID, Status: l.Status, CreatedAt: l.CreatedAt.UTC(), Doc: bytesOf(l.Doc)}
		})
	case kindEvent:
		err = strictLine(line, func(l eventLine) {
			r.Event = &store.Event{Seq: l.Seq, ID: l.ID, Account: l.Account, Catalog: l.Catalog, DetailType: l.DetailType,
				Time: l.Time.UTC(), Written: l.Written.UTC(), Doc: bytesOf(l.Doc)}
		})
	default:
		return r, fmt.Errorf("no record kind %q in version 1 of the format", kind)
	}
	if err != nil {
		return r, fmt.Errorf("%s: %v", kind, err)
	}
	return r, nil
}

// KindOf is the kind of a record's line: "opportunity", "client_token", …;
// "" for an empty record.
func KindOf(r store.Record) string {
	switch {
	case r.Positions != nil:
		return kindPositions
	case r.Sequence != nil:
		return kindSequence
	case r.OpportunityClock != nil:
		return kindClock
	case r.Setting != nil:
		return kindSetting
	case r.Opportunity != nil:
		return kindOpportunity
	case r.Solution != nil:
		return kindSolution
	case r.Idempotency != nil:
		return kindClientToken
	case r.Job != nil:
		return kindJob
	case r.Invitation != nil:
		return kindInvitation
	case r.Task != nil:
		return kindTask
	case r.Engagement != nil:
		return kindEngagement
	case r.Member != nil:
		return kindMember
	case r.Snapshot != nil:
		return kindSnapshot
	case r.SnapshotJob != nil:
		return kindSnapshotJob
	case r.Event != nil:
		return kindEvent
	}
	return ""
}
