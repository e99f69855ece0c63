package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"pcs/store"
)

// dumpAll returns what Dump gives for f.
func dumpAll(t *testing.T, db store.Store, f store.DumpFilter) []store.Record {
	t.Helper()
	var recs []store.Record
	err := db.View(ctx, func(tx store.Tx) error {
		recs = nil
		return tx.Dump(ctx, f, func(r store.Record) error {
			recs = append(recs, r)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func loadAll(t *testing.T, db store.Store, recs []store.Record) {
	t.Helper()
	update(t, db, func(tx store.Tx) error {
		for _, r := range recs {
			if err := tx.Load(ctx, r); err != nil {
				return fmt.Errorf("load %s: %w", recordName(r), err)
			}
		}
		return nil
	})
}

// recordName names a dumped record as census names the stored ones;
// opportunity versions and the counters have names of their own.
func recordName(r store.Record) string {
	switch {
	case r.Positions != nil:
		return "positions"
	case r.Sequence != nil:
		return "sequence " + r.Sequence.Name
	case r.OpportunityClock != nil:
		return "opportunity clock " + scopeName(r.OpportunityClock.Scope)
	case r.Setting != nil:
		return "setting " + r.Setting.Key
	case r.Opportunity != nil:
		o := r.Opportunity
		if o.ReplacedBy != 0 {
			return fmt.Sprintf("opportunity version %s %s %d", scopeName(o.Scope), o.ID, o.Version)
		}
		return fmt.Sprintf("opportunity %s %s", scopeName(o.Scope), o.ID)
	case r.Solution != nil:
		return fmt.Sprintf("solution %s %s", scopeName(r.Solution.Scope), r.Solution.ID)
	case r.Idempotency != nil:
		return "client token " + scopeName(r.Idempotency.Scope)
	case r.Job != nil:
		return "job " + r.Job.Key
	case r.Invitation != nil:
		return "invitation " + r.Invitation.ID
	case r.Task != nil:
		return "task " + r.Task.ID
	case r.Engagement != nil:
		return "engagement " + r.Engagement.ID
	case r.Member != nil:
		return fmt.Sprintf("member %s %s", r.Member.EngagementID, r.Member.Account)
	case r.Snapshot != nil:
		return fmt.Sprintf("snapshot %s %s>%s", r.Snapshot.EngagementID, r.Snapshot.CreatedBy, r.Snapshot.Audience)
	case r.SnapshotJob != nil:
		return "snapshot job " + r.SnapshotJob.ID
	case r.Event != nil:
		return "event " + r.Event.ID
	}
	return "empty record"
}

func recordNames(recs []store.Record) []string {
	names := make([]string, len(recs))
	for i, r := range recs {
		names[i] = recordName(r)
	}
	return names
}

// goneScope is the scope of an account historyWorld resets: its
// opportunity clock and its events' positions stay behind.
var goneScope = store.Scope{Account: "999999999999", Catalog: "Sandbox"}

// historyWorld is buildWorld with a pruned history: an opportunity of a's
// written three times, the first version pruned, an outbox pruned of one
// event, and an account reset after its last event, so that the outbox's
// counter stands above every stored event.
func historyWorld(t *testing.T, db store.Store) {
	t.Helper()
	buildWorld(t, db)
	update(t, db, func(tx store.Tx) error {
		if err := tx.InsertOpportunity(ctx, opp(goneScope, 99)); err != nil {
			return err
		}
		if err := tx.AppendEvent(ctx, &store.Event{ID: "event/gone", Account: goneScope.Account, Catalog: goneScope.Catalog,
			DetailType: "d", Time: t0}); err != nil {
			return err
		}
		_, err := tx.DeleteAccount(ctx, store.AccountReset{Account: goneScope.Account})
		return err
	})
	update(t, db, func(tx store.Tx) error {
		o := opp(scopeA, 9)
		if err := tx.InsertOpportunity(ctx, o); err != nil {
			return err
		}
		for i := range 2 {
			o.LastModifiedAt = t0.Add(time.Duration(i+1) * time.Hour)
			if err := tx.UpdateOpportunity(ctx, o); err != nil {
				return err
			}
		}
		if _, err := tx.NextSequence(ctx, "opportunity"); err != nil {
			return err
		}
		if _, err := tx.PruneOpportunityHistory(ctx, t0.Add(90*time.Minute)); err != nil {
			return err
		}
		_, err := tx.PruneEvents(ctx, t0.Add(time.Second), 1)
		return err
	})
}

// testDumpLoadRoundTrip loads everything one store holds into an empty
// one, which then dumps the same records and goes on numbering after them.
func testDumpLoadRoundTrip(t *testing.T, src, dst store.Store) {
	historyWorld(t, src)
	recs := dumpAll(t, src, store.DumpFilter{})
	names := recordNames(recs)
	for _, want := range []string{"positions", "sequence opportunity", "opportunity clock " + scopeName(scopeA),
		"opportunity clock " + scopeName(goneScope), "setting clock", "opportunity 111111111111/Sandbox O1",
		"opportunity version 111111111111/Sandbox O9 " + fmt.Sprint(versionOf(recs, "O9", 0)),
		"job job/expiry", "member eng-ab 222222222222", "snapshot eng-ab aws>222222222222", "event event/" + scopeName(scopeB)} {
		if !slices.Contains(names, want) {
			t.Errorf("the dump has no %q: %v", want, names)
		}
	}
	if n := versionOf(recs, "O9", 2); n != -1 {
		t.Errorf("the dump has O9's pruned version")
	}
	if slices.Contains(names, "event event/"+scopeName(scopeA)) {
		t.Errorf("the dump has the pruned event of %s", scopeName(scopeA))
	}
	var maxJob, maxEvent int64
	clocks := map[store.Scope]store.OpportunityClock{}
	for _, r := range recs {
		if r.Job != nil {
			maxJob = max(maxJob, r.Job.ID)
		}
		if r.Event != nil {
			maxEvent = max(maxEvent, r.Event.Seq)
		}
		if r.OpportunityClock != nil {
			clocks[r.OpportunityClock.Scope] = *r.OpportunityClock
		}
	}
	p := recs[0].Positions
	if p == nil || p.EventsPrunedThrough != 1 || p.EventSeq <= maxEvent {
		t.Fatalf("positions %+v: want the outbox pruned through 1 and its counter above the last stored event, %d", p, maxEvent)
	}
	if c := clocks[scopeA]; c.PrunedThrough == 0 || c.Version <= c.PrunedThrough {
		t.Errorf("the opportunity clock of %s %+v: want its pruned history", scopeName(scopeA), c)
	}
	if c := clocks[goneScope]; c.Version != 1 {
		t.Errorf("the opportunity clock of the reset %s %+v: want version 1", scopeName(goneScope), c)
	}

	loadAll(t, dst, recs)
	if got := dumpAll(t, dst, store.DumpFilter{}); !reflect.DeepEqual(got, recs) {
		t.Errorf("the loaded store dumps\n%v\nwant\n%v", recordNames(got), names)
		for i := range min(len(got), len(recs)) {
			if !reflect.DeepEqual(got[i], recs[i]) {
				t.Fatalf("first difference, record %d: %s", i, recordName(recs[i]))
			}
		}
	}

	// The loaded store answers as the one it came from, and goes on after it.
	update(t, dst, func(tx store.Tx) error {
		for scope, c := range clocks {
			if v, err := tx.OpportunityVersion(ctx, scope); err != nil || v != c.Version {
				t.Errorf("OpportunityVersion of %s %d, %v; want %d", scopeName(scope), v, err, c.Version)
			}
		}
		o := opp(goneScope, 98)
		if err := tx.InsertOpportunity(ctx, o); err != nil {
			return err
		}
		if v, err := tx.OpportunityVersion(ctx, goneScope); err != nil || v != 2 {
			t.Errorf("an opportunity of the reset %s after the load: version %d, %v; want 2", scopeName(goneScope), v, err)
		}
		if _, err := tx.ListOpportunities(ctx, scopeA, store.OpportunityQuery{AsOf: 1}); !errors.Is(err, store.ErrSnapshotExpired) {
			t.Errorf("a listing pinned to a pruned version: %v, want ErrSnapshotExpired", err)
		}
		if n, err := tx.NextSequence(ctx, "opportunity"); err != nil || n != 2 {
			t.Errorf("NextSequence after the load: %d, %v; want 2", n, err)
		}
		j := &store.Job{Key: "job/after", Kind: "k", DueAt: t0, CreatedAt: t0}
		if err := tx.ScheduleJob(ctx, j); err != nil || j.ID <= maxJob {
			t.Errorf("a job after the load: id %d, %v; want above %d", j.ID, err, maxJob)
		}
		e := &store.Event{ID: "event/after", Account: resetA, Catalog: "Sandbox", DetailType: "d", Time: t0}
		if err := tx.AppendEvent(ctx, e); err != nil || e.Seq <= p.EventSeq {
			t.Errorf("an event after the load: seq %d, %v; want above the exported counter %d", e.Seq, err, p.EventSeq)
		}
		if p, err := tx.EventsPrunedThrough(ctx); err != nil || p != 1 {
			t.Errorf("EventsPrunedThrough %d, %v; want 1", p, err)
		}
		return nil
	})
}

// versionOf is the change number of the n-th (from 0) stored version of
// opportunity id in recs.
func versionOf(recs []store.Record, id string, n int) int64 {
	for _, r := range recs {
		if r.Opportunity != nil && r.Opportunity.ID == id {
			if n == 0 {
				return r.Opportunity.Version
			}
			n--
		}
	}
	return -1
}

// testDumpAccount dumps one account's Sandbox: its records, and its side
// of what it shares.
func testDumpAccount(t *testing.T, db store.Store) {
	buildWorld(t, db)
	got := recordNames(dumpAll(t, db, store.DumpFilter{Account: resetA, Catalogs: []string{"Sandbox", awsSideA.Catalog},
		SettingPrefixes: []string{"selling/" + resetA + "/Sandbox/"}, JobKeys: []string{"job/expiry"}}))
	want := append(append(scopeRecords(scopeA, 1), scopeRecords(awsSideA, 4)...),
		"positions", "opportunity clock "+scopeName(scopeA), "opportunity clock "+scopeName(awsSideA),
		"setting selling/"+resetA+"/Sandbox/role", "job job/expiry",
		"engagement eng-ab", "member eng-ab "+resetA, "member eng-ab "+resetB, "invitation engi-eng-ab-0",
		"snapshot eng-ab "+resetA+">", "snapshot eng-ab "+resetB+">", "snapshot eng-ab aws>"+resetA,
		"engagement eng-ba", "member eng-ba "+resetB, "member eng-ba "+resetA, "invitation engi-eng-ba-0",
		"engagement eng-a", "member eng-a "+resetA, "snapshot eng-a "+resetA+">",
		"engagement eng-aws-a", "member eng-aws-a aws", "member eng-aws-a "+resetA, "invitation engi-eng-aws-a-0", "snapshot eng-aws-a aws>",
		"engagement eng-aws-pending", "member eng-aws-pending aws", "invitation engi-eng-aws-pending-0",
	)
	// buildWorld writes two versions of each opportunity, the first and
	// second of its scope.
	for _, s := range []store.Scope{scopeA, awsSideA} {
		for i, rs := range resetScopes {
			if rs == s {
				want = append(want, fmt.Sprintf("opportunity version %s O%d 1", scopeName(s), i+1))
			}
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the dump of %s's Sandbox:\n got %q\nwant %q", resetA, got, want)
	}
}

// testLoadKeepsWhatIsStored loads records over a store that holds some:
// counters never go down, owned records do not replace stored ones, jobs
// and events take free numbers.
func testLoadKeepsWhatIsStored(t *testing.T, db store.Store) {
	buildWorld(t, db)
	recs := dumpAll(t, db, store.DumpFilter{})
	loadErr := func(r store.Record) error {
		return db.Update(ctx, func(tx store.Tx) error { return tx.Load(ctx, r) })
	}
	for _, r := range recs {
		switch {
		case r.Opportunity != nil, r.Solution != nil, r.Idempotency != nil, r.Task != nil, r.SnapshotJob != nil, r.Job != nil, r.Event != nil:
			if err := loadErr(r); !errors.Is(err, store.ErrExists) {
				t.Errorf("loading %s again: %v, want ErrExists", recordName(r), err)
			}
		case r.Engagement != nil, r.Member != nil, r.Invitation != nil, r.Snapshot != nil, r.Setting != nil:
			if err := loadErr(r); err != nil {
				t.Errorf("loading %s again: %v, want it replaced", recordName(r), err)
			}
		}
	}
	for _, low := range []store.Record{{Positions: &store.Positions{}}, {OpportunityClock: &store.OpportunityClock{Scope: scopeA}}} {
		if err := loadErr(low); err != nil {
			t.Fatal(err)
		}
	}
	if err := loadErr(store.Record{Sequence: &store.Sequence{Name: "opportunity", Value: 0}}); err != nil {
		t.Fatal(err)
	}
	if got := dumpAll(t, db, store.DumpFilter{}); !reflect.DeepEqual(got, recs) {
		t.Errorf("loading records again changed the store:\n%v\nwant\n%v", recordNames(got), recordNames(recs))
	}

	// A job or an event whose number is taken takes the next one.
	var job store.Job
	var event store.Event
	for _, r := range recs {
		if r.Job != nil {
			job = *r.Job
		}
		if r.Event != nil {
			event = *r.Event
		}
	}
	job.Key, event.ID = "job/other", "event/other"
	update(t, db, func(tx store.Tx) error {
		if err := tx.Load(ctx, store.Record{Job: &job}); err != nil {
			return err
		}
		return tx.Load(ctx, store.Record{Event: &event})
	})
	var jobs []store.Job
	var after []store.Event
	err := db.View(ctx, func(tx store.Tx) error {
		var err error
		if jobs, err = tx.ListJobs(ctx, "", 1); err != nil {
			return err
		}
		after, err = tx.EventsAfter(ctx, "", event.Seq, 10)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || jobs[0].Key != "job/other" || jobs[0].ID <= job.ID {
		t.Errorf("the job loaded over a taken id: %+v, want the next id after %d", jobs, job.ID)
	}
	if len(after) != 1 || after[0].ID != "event/other" {
		t.Errorf("the event loaded over a taken seq: %+v, want it after %d", after, event.Seq)
	}

	// A record found taken leaves the transaction usable: an import that
	// reports it may go on, or roll back, as it chooses.
	var solution store.Record
	for _, r := range recs {
		if r.Solution != nil {
			solution = r
		}
	}
	update(t, db, func(tx store.Tx) error {
		if err := tx.Load(ctx, solution); !errors.Is(err, store.ErrExists) {
			t.Errorf("loading %s again: %v, want ErrExists", recordName(solution), err)
		}
		return tx.Load(ctx, store.Record{Setting: &store.Setting{Key: "after/exists", Value: "v"}})
	})
	err = db.View(ctx, func(tx store.Tx) error {
		v, err := tx.GetSetting(ctx, "after/exists")
		if err == nil && v != "v" {
			err = fmt.Errorf("setting %q", v)
		}
		return err
	})
	if err != nil {
		t.Errorf("a load after ErrExists in the same transaction: %v", err)
	}
}

// testDumpEndsWithItsCallback stops a dump at the first record.
func testDumpEndsWithItsCallback(t *testing.T, db store.Store) {
	buildWorld(t, db)
	stop := errors.New("stop")
	n := 0
	err := db.View(ctx, func(tx store.Tx) error {
		return tx.Dump(ctx, store.DumpFilter{}, func(store.Record) error { n++; return stop })
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("Dump: %v after %d records, want the callback's error after 1", err, n)
	}
}
