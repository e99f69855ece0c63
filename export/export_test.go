package export

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"pcs/store"
)

var (
	t0       = time.Date(2026, 1, 5, 9, 0, 0, 123456789, time.UTC)
	sandboxA = store.Scope{Account: "111111111111", Catalog: "Sandbox"}
)

// sampleRecords holds one record of every kind, as testdata/v1.jsonl does.
func sampleRecords() []store.Record {
	return []store.Record{
		{Positions: &store.Positions{EventSeq: 3, EventsPrunedThrough: 1}},
		{Sequence: &store.Sequence{Name: "opportunity", Value: 3}},
		{OpportunityClock: &store.OpportunityClock{Scope: sandboxA, Version: 5, PrunedThrough: 2}},
		{Setting: &store.Setting{Key: "sim/clock-offset-ns", Value: "120000000000"}},
		{Opportunity: &store.OpportunityVersion{Opportunity: store.Opportunity{Scope: sandboxA, ID: "O5000001", CreatedAt: t0,
			LastModifiedAt: t0, Stage: "Prospect", ReviewStatus: "Pending Submission", CustomerCompanyName: "AnyCompany",
			TargetCloseDate: "2030-12-31", Summary: []byte(`{"Id":"O5000001"}`), Doc: []byte(`{"Id":"O5000001","Title":"<b>&"}`)},
			Version: 3, ReplacedBy: 5, ReplacedAt: t0.Add(time.Minute)}},
		{Opportunity: &store.OpportunityVersion{Opportunity: store.Opportunity{Scope: sandboxA, ID: "O5000001", CreatedAt: t0,
			LastModifiedAt: t0.Add(time.Minute), Stage: "Qualified", ReviewStatus: "Pending Submission", Doc: []byte(`{"Id":"O5000001"}`)},
			Version: 5}},
		{Solution: &store.Solution{Scope: sandboxA, ID: "S-7000001", Name: "Telemetry", Status: "Active", Category: "Software Product",
			CreatedAt: t0, Doc: []byte(`{"Id":"S-7000001"}`)}},
		{Idempotency: &store.Idempotency{Scope: sandboxA, Operation: "CreateOpportunity", Token: "tok", RequestHash: "abc",
			Response: []byte(`{"Id":"O5000001"}`), CreatedAt: t0}},
		{Job: &store.Job{ID: 4, Key: "invitation/expire/engi-1", Kind: "invitation/expire", Scope: store.Scope{Catalog: "Sandbox"},
			DueAt: t0.Add(15 * 24 * time.Hour), Payload: []byte(`{"Id":"engi-1"}`), State: "pending", CreatedAt: t0}},
		{Job: &store.Job{ID: 5, Key: "aws-review/start/x", Kind: "aws-review/start", Scope: store.Scope{Account: "111111111111", Catalog: "AWS"},
			DueAt: t0, Payload: []byte(`{}`), State: "failed", CreatedAt: t0, FinishedAt: t0.Add(time.Second), Error: "boom"}},
		{Invitation: &store.Invitation{Catalog: "Sandbox", ID: "engi-1", SenderAccount: "048574921384", ReceiverAccount: "111111111111",
			Status: "PENDING", PayloadType: "OpportunityInvitation", EngagementID: "eng-1", InvitedAt: t0, Doc: []byte(`{"Id":"engi-1"}`)}},
		{Task: &store.Task{Scope: sandboxA, ID: "task-1", Family: "engagement-by-accepting-invitation-task", Status: "COMPLETE",
			StartedAt: t0, InvitationID: "engi-1", Doc: []byte(`{"TaskId":"task-1"}`)}},
		{Engagement: &store.Engagement{Catalog: "Sandbox", ID: "eng-1", CreatedBy: "aws", CreatedAt: t0, ModifiedAt: t0,
			ContextTypes: []string{"Lead"}, Doc: []byte(`{"Id":"eng-1"}`)}},
		{Member: &store.EngagementMember{Catalog: "Sandbox", EngagementID: "eng-1", Account: "aws", JoinedAt: t0, Doc: []byte(`{}`)}},
		{Snapshot: &store.Snapshot{SnapshotKey: store.SnapshotKey{Catalog: "Sandbox", EngagementID: "eng-1", ResourceType: "Opportunity",
			ResourceID: "O5000001", Template: "OpportunitySummaryView"}, Revision: 1, CreatedBy: "111111111111", CreatedAt: t0,
			Doc: []byte(`{"Id":"O5000001"}`)}},
		{SnapshotJob: &store.SnapshotJob{Scope: sandboxA, ID: "job-1", EngagementID: "eng-1", ResourceID: "O5000001", Status: "Running",
			CreatedAt: t0, Doc: []byte(`{"Id":"job-1"}`)}},
		{Event: &store.Event{Seq: 2, ID: "ev-1", Account: "111111111111", Catalog: "Sandbox", DetailType: "Opportunity Created",
			Time: t0, Written: t0.Add(time.Millisecond), Doc: []byte(`{"id":"ev-1"}`)}},
	}
}

func write(t *testing.T, h Header, recs []store.Record) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := NewWriter(&b, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readAll(file []byte) (Header, []store.Record, error) {
	r, err := NewReader(bytes.NewReader(file))
	if err != nil {
		return Header{}, nil, err
	}
	var recs []store.Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r.Header(), recs, nil
		}
		if err != nil {
			return r.Header(), recs, err
		}
		recs = append(recs, rec)
	}
}

func TestRoundTrip(t *testing.T) {
	h := Header{PCS: "test", Exported: t0, Account: "111111111111", Catalog: "Sandbox"}
	file := write(t, h, sampleRecords())
	if !bytes.HasPrefix(file, []byte(`{"format":"pcs-export","version":1,`)) {
		t.Errorf("the file starts %.60s", file)
	}
	if !bytes.Contains(file, []byte(`"Title":"<b>&"`)) {
		t.Errorf("documents are not kept as stored: %s", file)
	}
	got, recs, err := readAll(file)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Header{Format: Format, Version: Version, PCS: "test", Exported: t0, Account: "111111111111", Catalog: "Sandbox"}); got != want {
		t.Errorf("header %+v, want %+v", got, want)
	}
	if !reflect.DeepEqual(recs, sampleRecords()) {
		t.Errorf("read back\n%+v\nwant\n%+v", recs, sampleRecords())
	}
}

// TestReadsVersion1 is the compatibility promise: testdata/v1.jsonl was
// written by the first version of the format and is never rewritten;
// every later pcs reads it as these records.
func TestReadsVersion1(t *testing.T) {
	file, err := os.ReadFile("testdata/v1.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	h, recs, err := readAll(file)
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != 1 || !h.Whole() {
		t.Errorf("header %+v", h)
	}
	if !reflect.DeepEqual(recs, sampleRecords()) {
		t.Errorf("testdata/v1.jsonl reads as\n%+v\nwant\n%+v", recs, sampleRecords())
	}
}

func TestRefusals(t *testing.T) {
	whole := string(write(t, Header{Exported: t0}, sampleRecords()[:2]))
	lines := strings.SplitAfter(whole, "\n")
	tests := []struct {
		name, file, want string
	}{
		{"empty", "", "the file is empty"},
		{"not an export", `{"hello": 1}` + "\n", "no pcs export"},
		{"not JSON", "PK\x03\x04", "no pcs export"},
		{"newer", `{"format":"pcs-export","version":2,"pcs":"v9.0.0"}` + "\n", "version 2, newer than this pcs (v9.0.0) reads (versions 1 to 1): import it with a newer pcs"},
		{"never written", `{"format":"pcs-export","version":0}` + "\n", "version 0, which no pcs wrote"},
		{"cut short", lines[0] + lines[1], ErrTruncated.Error()},
		{"count", lines[0] + lines[1] + `{"kind":"end","records":5}` + "\n", "line 3: the export says it holds 5 records, but 1 came before it"},
		{"unknown kind", lines[0] + `{"kind":"gizmo"}` + "\n", `line 2: no record kind "gizmo"`},
		{"unknown member", lines[0] + `{"kind":"sequence","name":"x","value":1,"extra":true}` + "\n", `line 2: sequence: json: unknown field "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestWriteRefusesADocumentThatIsNotJSON(t *testing.T) {
	w, err := NewWriter(io.Discard, Header{})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Write(store.Record{Solution: &store.Solution{ID: "S-1", Doc: []byte("not json")}})
	if err == nil || !strings.Contains(err.Error(), "solution S-1: the stored document is not JSON") {
		t.Errorf("got %v", err)
	}
}
