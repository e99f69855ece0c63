package storetest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"pcs/store"
)

// The world the reset tests start from: accounts a and b in the Sandbox,
// a also in the AWS catalog and in a catalog of AWS's own side, sharing
// engagements with each other and with AWS.
var (
	resetA, resetB = scopeA.Account, scopeB.Account
	awsSideA       = store.Scope{Account: resetA, Catalog: "Sandbox:aws-side"}
	resetScopes    = []store.Scope{scopeA, scopeB, scopeC, awsSideA}
	resetSettings  = []string{"selling/" + resetA + "/Sandbox/role", "selling/" + resetB + "/Sandbox/role", "clock"}
)

// worldEngagement is an engagement of the world with its members, the
// invitations into it ("sender>receiver status") and its snapshots
// ("creator>audience", "" for every member).
type worldEngagement struct {
	catalog, id, createdBy string
	members                []string
	invitations            []string
	snapshots              []string
}

var worldEngagements = []worldEngagement{
	{"Sandbox", "eng-ab", resetA, []string{resetA, resetB}, []string{resetA + ">" + resetB + " ACCEPTED"},
		[]string{resetA + ">", resetB + ">", "aws>" + resetA, "aws>" + resetB}},
	{"Sandbox", "eng-ba", resetB, []string{resetB, resetA}, []string{resetB + ">" + resetA + " ACCEPTED"}, nil},
	{"Sandbox", "eng-a", resetA, []string{resetA}, nil, []string{resetA + ">"}},
	{"Sandbox", "eng-aws-a", "aws", []string{"aws", resetA}, []string{"aws>" + resetA + " ACCEPTED"}, []string{"aws>"}},
	{"Sandbox", "eng-aws-pending", "aws", []string{"aws"}, []string{"aws>" + resetA + " PENDING"}, nil},
	{"Sandbox", "eng-aws-b", "aws", []string{"aws"}, []string{"aws>" + resetB + " PENDING"}, nil},
	{"AWS", "eng-c", resetA, []string{resetA}, nil, []string{resetA + ">"}},
}

// scopeName names a scope in a census.
func scopeName(s store.Scope) string { return s.Account + "/" + s.Catalog }

// buildWorld stores the world: in each scope an opportunity with two
// versions, a client token, a solution, a task, a snapshot job, a job and
// an event; the shared engagements; a job of no account (as invitation
// expiries are); the settings.
func buildWorld(t *testing.T, db store.Store) {
	t.Helper()
	update(t, db, func(tx store.Tx) error {
		for i, s := range resetScopes {
			name := scopeName(s)
			o := opp(s, i+1)
			if err := tx.InsertOpportunity(ctx, o); err != nil {
				return err
			}
			o.LastModifiedAt, o.Stage = o.LastModifiedAt.Add(time.Minute), "Committed"
			if err := tx.UpdateOpportunity(ctx, o); err != nil {
				return err
			}
			for _, err := range []error{
				tx.PutIdempotency(ctx, &store.Idempotency{Scope: s, Operation: "Op", Token: "tok", RequestHash: "h", CreatedAt: t0}),
				tx.PutSolution(ctx, &store.Solution{Scope: s, ID: fmt.Sprintf("S-%d", i+1), Name: "n", Status: "Active", Category: "c", CreatedAt: t0}),
				tx.PutTask(ctx, &store.Task{Scope: s, ID: "task-" + name, Family: "f", Status: "COMPLETE", StartedAt: t0}),
				tx.PutSnapshotJob(ctx, &store.SnapshotJob{Scope: s, ID: "job-" + name, EngagementID: "eng-ab", ResourceID: "O1", Status: "Running", CreatedAt: t0}),
				tx.ScheduleJob(ctx, &store.Job{Key: "job/" + name, Kind: "k", Scope: s, DueAt: t0, CreatedAt: t0}),
				tx.AppendEvent(ctx, &store.Event{ID: "event/" + name, Account: s.Account, Catalog: s.Catalog, DetailType: "d", Time: t0}),
			} {
				if err != nil {
					return err
				}
			}
		}
		if err := tx.ScheduleJob(ctx, &store.Job{Key: "job/expiry", Kind: "k", Scope: store.Scope{Catalog: "Sandbox"}, DueAt: t0, CreatedAt: t0}); err != nil {
			return err
		}
		for _, e := range worldEngagements {
			if err := tx.PutEngagement(ctx, &store.Engagement{Catalog: e.catalog, ID: e.id, CreatedBy: e.createdBy, CreatedAt: t0, ModifiedAt: t0}); err != nil {
				return err
			}
			for _, m := range e.members {
				if err := tx.AddEngagementMember(ctx, &store.EngagementMember{Catalog: e.catalog, EngagementID: e.id, Account: m, JoinedAt: t0}); err != nil {
					return err
				}
			}
			for i, inv := range e.invitations {
				parties, status, _ := strings.Cut(inv, " ")
				sender, receiver, _ := strings.Cut(parties, ">")
				if err := tx.PutInvitation(ctx, &store.Invitation{Catalog: e.catalog, ID: fmt.Sprintf("engi-%s-%d", e.id, i),
					SenderAccount: sender, ReceiverAccount: receiver, Status: status, PayloadType: "p", EngagementID: e.id, InvitedAt: t0}); err != nil {
					return err
				}
			}
			for i, sn := range e.snapshots {
				creator, audience, _ := strings.Cut(sn, ">")
				key := store.SnapshotKey{Catalog: e.catalog, EngagementID: e.id, ResourceType: "Opportunity", ResourceID: fmt.Sprintf("O%d", i), Template: "t"}
				if err := tx.PutSnapshot(ctx, &store.Snapshot{SnapshotKey: key, Revision: 1, CreatedBy: creator, Audience: audience, CreatedAt: t0}); err != nil {
					return err
				}
			}
		}
		for _, k := range resetSettings {
			if err := tx.PutSetting(ctx, k, "v"); err != nil {
				return err
			}
		}
		return nil
	})
}

// census names every record of the world that is still stored.
func census(t *testing.T, db store.Store) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	add := func(format string, args ...any) { got[fmt.Sprintf(format, args...)] = true }
	err := db.View(ctx, func(tx store.Tx) error {
		for _, s := range resetScopes {
			name := scopeName(s)
			opps, err := tx.ListOpportunities(ctx, s, store.OpportunityQuery{})
			if err != nil {
				return err
			}
			for _, o := range opps {
				add("opportunity %s %s", name, o.ID)
			}
			if _, err := tx.GetIdempotency(ctx, s, "Op", "tok"); err == nil {
				add("client token %s", name)
			}
			sols, err := tx.ListSolutions(ctx, s, store.SolutionQuery{})
			if err != nil {
				return err
			}
			for _, sol := range sols {
				add("solution %s %s", name, sol.ID)
			}
			tasks, err := tx.ListTasks(ctx, s, store.TaskQuery{Family: "f"})
			if err != nil {
				return err
			}
			for _, task := range tasks {
				add("task %s", task.ID)
			}
			jobs, err := tx.ListSnapshotJobs(ctx, s, store.SnapshotJobQuery{})
			if err != nil {
				return err
			}
			for _, j := range jobs {
				add("snapshot job %s", j.ID)
			}
		}
		jobs, err := tx.ListJobs(ctx, "", 1000)
		if err != nil {
			return err
		}
		for _, j := range jobs {
			add("job %s", j.Key)
		}
		events, err := tx.EventsAfter(ctx, "", 0, 1000)
		if err != nil {
			return err
		}
		for _, e := range events {
			add("event %s", e.ID)
		}
		for _, e := range worldEngagements {
			if _, err := tx.GetEngagement(ctx, e.catalog, e.id); err == nil {
				add("engagement %s", e.id)
			}
			members, err := tx.EngagementMembers(ctx, e.catalog, e.id)
			if err != nil {
				return err
			}
			for _, m := range members {
				add("member %s %s", e.id, m.Account)
			}
			for i := range e.invitations {
				id := fmt.Sprintf("engi-%s-%d", e.id, i)
				if _, err := tx.GetInvitation(ctx, e.catalog, id); err == nil {
					add("invitation %s", id)
				}
			}
			snaps, err := tx.ListSnapshots(ctx, store.SnapshotQuery{Catalog: e.catalog, EngagementID: e.id})
			if err != nil {
				return err
			}
			for _, sn := range snaps {
				add("snapshot %s %s>%s", e.id, sn.CreatedBy, sn.Audience)
			}
		}
		for _, k := range resetSettings {
			if _, err := tx.GetSetting(ctx, k); err == nil {
				add("setting %s", k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// checkGone compares what a reset left with the world less gone.
func checkGone(t *testing.T, world, left map[string]bool, gone []string) {
	t.Helper()
	want := maps.Clone(world)
	for _, g := range gone {
		if !want[g] {
			t.Fatalf("the world has no %q", g)
		}
		delete(want, g)
	}
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if !left[k] {
			t.Errorf("%s was deleted; it should stay", k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(left)) {
		if !want[k] {
			t.Errorf("%s is left; it should be gone", k)
		}
	}
}

// scopeRecords names what buildWorld stores in scope s alone.
func scopeRecords(s store.Scope, n int) []string {
	name := scopeName(s)
	return []string{
		fmt.Sprintf("opportunity %s O%d", name, n), "client token " + name, fmt.Sprintf("solution %s S-%d", name, n),
		"task task-" + name, "snapshot job job-" + name, "job job/" + name, "event event/" + name,
	}
}

// sandboxOfA is what resetting a's Sandbox deletes of the world.
var sandboxOfA = append(append(scopeRecords(scopeA, 1), scopeRecords(awsSideA, 4)...),
	"engagement eng-a", "member eng-a "+resetA, "snapshot eng-a "+resetA+">",
	"engagement eng-aws-a", "member eng-aws-a aws", "member eng-aws-a "+resetA, "invitation engi-eng-aws-a-0", "snapshot eng-aws-a aws>",
	"engagement eng-aws-pending", "member eng-aws-pending aws", "invitation engi-eng-aws-pending-0",
	"member eng-ab "+resetA, "invitation engi-eng-ab-0", "snapshot eng-ab "+resetA+">", "snapshot eng-ab aws>"+resetA,
	"member eng-ba "+resetA, "invitation engi-eng-ba-0",
)

func testDeleteAccount(t *testing.T, db store.Store) {
	buildWorld(t, db)
	world := census(t, db)
	var d store.Deleted
	update(t, db, func(tx store.Tx) error {
		var err error
		d, err = tx.DeleteAccount(ctx, store.AccountReset{Account: resetA, Catalogs: []string{"Sandbox", "Sandbox:aws-side"}, Bystanders: []string{"aws"}})
		return err
	})
	checkGone(t, world, census(t, db), sandboxOfA)
	want := store.Deleted{Opportunities: 2, Solutions: 2, Engagements: 3, EngagementMembers: 6, Invitations: 4,
		Tasks: 2, Snapshots: 4, SnapshotJobs: 2, Jobs: 2, Events: 2, ClientTokens: 2}
	if d != want {
		t.Errorf("deleted %+v\nwant    %+v", d, want)
	}

	// Every catalog: a's AWS catalog goes too; b keeps what it shared.
	update(t, db, func(tx store.Tx) error {
		var err error
		d, err = tx.DeleteAccount(ctx, store.AccountReset{Account: resetA, Bystanders: []string{"aws"}})
		return err
	})
	gone := append(slices.Clone(sandboxOfA), scopeRecords(scopeC, 3)...)
	gone = append(gone, "engagement eng-c", "member eng-c "+resetA, "snapshot eng-c "+resetA+">")
	checkGone(t, world, census(t, db), gone)
	if want := (store.Deleted{Opportunities: 1, Solutions: 1, Engagements: 1, EngagementMembers: 1, Tasks: 1,
		Snapshots: 1, SnapshotJobs: 1, Jobs: 1, Events: 1, ClientTokens: 1}); d != want {
		t.Errorf("second reset deleted %+v\nwant                %+v", d, want)
	}

	err := db.Update(ctx, func(tx store.Tx) error { _, err := tx.DeleteAccount(ctx, store.AccountReset{}); return err })
	if err == nil {
		t.Error("a reset of no account was let through")
	}
}

func testDeleteAccountWithoutBystanders(t *testing.T, db store.Store) {
	buildWorld(t, db)
	world := census(t, db)
	update(t, db, func(tx store.Tx) error {
		_, err := tx.DeleteAccount(ctx, store.AccountReset{Account: resetA, Catalogs: []string{"Sandbox", "Sandbox:aws-side"}})
		return err
	})
	// Without bystanders, AWS's membership keeps its engagements.
	var gone []string
	for _, g := range sandboxOfA {
		if !strings.Contains(g, "eng-aws-") || strings.HasSuffix(g, " "+resetA) || strings.HasPrefix(g, "invitation") {
			gone = append(gone, g)
		}
	}
	checkGone(t, world, census(t, db), gone)
}

func testDeleteAll(t *testing.T, db store.Store) {
	buildWorld(t, db)
	var lastEvent, lastJob, seq int64
	update(t, db, func(tx store.Tx) error {
		evs, err := tx.EventsAfter(ctx, "", 0, 1000)
		if err != nil {
			return err
		}
		lastEvent = evs[len(evs)-1].Seq
		jobs, err := tx.ListJobs(ctx, "", 1)
		if err != nil {
			return err
		}
		lastJob = jobs[0].ID
		seq, err = tx.NextSequence(ctx, "s")
		return err
	})
	var d store.Deleted
	update(t, db, func(tx store.Tx) error {
		var err error
		d, err = tx.DeleteAll(ctx)
		return err
	})
	left := census(t, db)
	for k := range left {
		if !strings.HasPrefix(k, "setting ") {
			t.Errorf("%s is left", k)
		}
	}
	if len(left) != len(resetSettings) {
		t.Errorf("settings left: %v, want all of %v", left, resetSettings)
	}
	want := store.Deleted{Opportunities: 4, Solutions: 4, Engagements: 7, EngagementMembers: 10, Invitations: 5,
		Tasks: 4, Snapshots: 7, SnapshotJobs: 4, Jobs: 5, Events: 4, ClientTokens: 4}
	if d != want {
		t.Errorf("deleted %+v\nwant    %+v", d, want)
	}

	// Nothing handed out before is handed out again.
	e := &store.Event{ID: "after", Account: resetA, Catalog: "Sandbox", Time: t0}
	j := &store.Job{Key: "after", Kind: "k", Scope: scopeA, DueAt: t0, CreatedAt: t0}
	var next int64
	update(t, db, func(tx store.Tx) error {
		if err := tx.AppendEvent(ctx, e); err != nil {
			return err
		}
		if err := tx.ScheduleJob(ctx, j); err != nil {
			return err
		}
		var err error
		next, err = tx.NextSequence(ctx, "s")
		return err
	})
	if e.Seq <= lastEvent || j.ID <= lastJob || next != seq+1 {
		t.Errorf("after a reset: event seq %d (before %d), job id %d (before %d), sequence %d (before %d)",
			e.Seq, lastEvent, j.ID, lastJob, next, seq)
	}
}

func testDeleteJobsAndSettings(t *testing.T, db store.Store) {
	buildWorld(t, db)
	world := census(t, db)
	var jobs, settings int64
	update(t, db, func(tx store.Tx) error {
		var err error
		if jobs, err = tx.DeleteJobs(ctx, []string{"job/expiry", "job/none", "job/" + scopeName(scopeB)}); err != nil {
			return err
		}
		settings, err = tx.DeleteSettings(ctx, "selling/"+resetA+"/")
		return err
	})
	if jobs != 2 || settings != 1 {
		t.Errorf("deleted %d jobs, %d settings; want 2, 1", jobs, settings)
	}
	checkGone(t, world, census(t, db), []string{"job job/expiry", "job job/" + scopeName(scopeB), "setting " + resetSettings[0]})
}

// testResetUnderConcurrentWriters resets an account again and again while
// writers add records to it and to another account, each write an
// opportunity with its client token, event and job in one transaction: a
// reset deletes each write whole or not at all, and never another
// account's.
func testResetUnderConcurrentWriters(t *testing.T, db store.Store) {
	const writes = 60
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	write := func(s store.Scope) {
		defer wg.Done()
		for i := 1; i <= writes; i++ {
			id := fmt.Sprintf("O%d", i)
			err := db.Update(ctx, func(tx store.Tx) error {
				if err := tx.InsertOpportunity(ctx, opp(s, i)); err != nil {
					return err
				}
				if err := tx.PutIdempotency(ctx, &store.Idempotency{Scope: s, Operation: "Op", Token: id, CreatedAt: t0}); err != nil {
					return err
				}
				if err := tx.AppendEvent(ctx, &store.Event{ID: s.Account + "/" + id, Account: s.Account, Catalog: s.Catalog, Time: t0}); err != nil {
					return err
				}
				return tx.ScheduleJob(ctx, &store.Job{Key: s.Account + "/" + id, Kind: "k", Scope: s, DueAt: t0, CreatedAt: t0})
			})
			if err != nil {
				errs <- err
				return
			}
		}
	}
	var deleted store.Deleted
	resets := func() {
		defer wg.Done()
		for range 20 {
			err := db.Update(ctx, func(tx store.Tx) error {
				d, err := tx.DeleteAccount(ctx, store.AccountReset{Account: scopeA.Account})
				deleted.Opportunities += d.Opportunities
				deleted.ClientTokens += d.ClientTokens
				deleted.Events += d.Events
				deleted.Jobs += d.Jobs
				return err
			})
			if err != nil {
				errs <- err
				return
			}
		}
	}
	wg.Add(3)
	go write(scopeA)
	go write(scopeB)
	go resets()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	left := func(s store.Scope) (opps, tokens, events, jobs []string) {
		err := db.View(ctx, func(tx store.Tx) error {
			recs, err := tx.ListOpportunities(ctx, s, store.OpportunityQuery{Sort: store.SortIdentifier})
			if err != nil {
				return err
			}
			for _, o := range recs {
				opps = append(opps, o.ID)
				if _, err := tx.GetIdempotency(ctx, s, "Op", o.ID); err == nil {
					tokens = append(tokens, o.ID)
				}
			}
			evs, err := tx.EventsAfter(ctx, s.Account, 0, 1000)
			if err != nil {
				return err
			}
			for _, e := range evs {
				events = append(events, strings.TrimPrefix(e.ID, s.Account+"/"))
			}
			js, err := tx.ListJobs(ctx, "", 1000)
			for _, j := range js {
				if j.Scope == s {
					jobs = append(jobs, strings.TrimPrefix(j.Key, s.Account+"/"))
				}
			}
			slices.Reverse(jobs) // ListJobs is newest first
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	opps, tokens, events, jobs := left(scopeA)
	if !slices.Equal(opps, tokens) || !slices.Equal(opps, events) || !slices.Equal(opps, jobs) {
		t.Errorf("a write was deleted in part: opportunities %v, client tokens %v, events %v, jobs %v", opps, tokens, events, jobs)
	}
	if n := int64(len(opps)) + deleted.Opportunities; n != writes || deleted.Opportunities != deleted.ClientTokens ||
		deleted.Opportunities != deleted.Events || deleted.Opportunities != deleted.Jobs {
		t.Errorf("%d writes left and deleted %+v; want %d in all, as many of each", len(opps), deleted, writes)
	}
	if opps, tokens, events, jobs := left(scopeB); len(opps) != writes || len(tokens) != writes || len(events) != writes || len(jobs) != writes {
		t.Errorf("the other account lost writes: %d opportunities, %d client tokens, %d events, %d jobs of %d",
			len(opps), len(tokens), len(events), len(jobs), writes)
	}
}
