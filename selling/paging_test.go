package selling_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pcs/internal/apitest"
	"pcs/selling"
)

// listing names a list operation, where its page's ids are, and what it
// sorts by.
type listing struct {
	op, list, id, sortBy string
}

var (
	invitationListing = listing{"ListEngagementInvitations", "EngagementInvitationSummaries", "Id", "InvitationDate"}
	taskListing       = listing{"ListEngagementFromOpportunityTasks", "TaskSummaries", "TaskId", "StartTime"}
)

// page calls the listing once and returns the ids it lists and its NextToken.
func (l listing) page(t *testing.T, s *apitest.Server, req map[string]any) (ids []string, next string) {
	t.Helper()
	out := s.OK(l.op, req)
	for _, v := range out[l.list].([]any) {
		ids = append(ids, v.(map[string]any)[l.id].(string))
	}
	next, _ = out["NextToken"].(string)
	return ids, next
}

// pagesAcrossInsert lists the first page of req, lets insert add a record,
// then follows NextToken to the end; it returns every id listed, in order.
func (l listing) pagesAcrossInsert(t *testing.T, s *apitest.Server, req map[string]any, insert func()) []string {
	t.Helper()
	all, next := l.page(t, s, req)
	insert()
	for next != "" {
		req["NextToken"] = next
		var ids []string
		ids, next = l.page(t, s, req)
		all = append(all, ids...)
	}
	delete(req, "NextToken")
	return all
}

func sendReferral(t *testing.T, s *apitest.Server) string {
	t.Helper()
	inv, err := s.AWS.SendReferral(t.Context(), selling.ReferralSpec{Account: s.Account, Catalog: "Sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	s.Clock.Advance(time.Second)
	return *inv.Id
}

// checkPagesAcrossInserts pages through l newest first while a record is
// added (it sorts before the cursor: an offset page would repeat the first
// page's last record), then oldest first while another is added (it sorts
// after the cursor and must be listed). ids are the records there at first,
// oldest first.
func checkPagesAcrossInserts(t *testing.T, s *apitest.Server, l listing, req map[string]any, ids []string, add func() string) {
	t.Helper()
	newest := slices.Clone(ids)
	slices.Reverse(newest)
	var added []string
	insert := func() { added = append(added, add()) }

	got := l.pagesAcrossInsert(t, s, req, insert)
	if fmt.Sprint(got) != fmt.Sprint(newest) {
		t.Errorf("newest first, %s added after page 1: listed %v, want %v", added[0], got, newest)
	}
	req["Sort"] = map[string]any{"SortOrder": "ASCENDING", "SortBy": l.sortBy}
	got = l.pagesAcrossInsert(t, s, req, insert)
	if want := append(slices.Clone(ids), added...); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("oldest first, %s added after page 1: listed %v, want %v", added[1], got, want)
	}
}

func TestListInvitationsPagesAcrossNewInvitations(t *testing.T) {
	s := apitest.New(t)
	var ids []string
	for range 5 {
		ids = append(ids, sendReferral(t, s))
	}
	req := map[string]any{"Catalog": "Sandbox", "ParticipantType": "RECEIVER", "MaxResults": 2}
	checkPagesAcrossInserts(t, s, invitationListing, req, ids, func() string { return sendReferral(t, s) })
}

func TestListTasksPagesAcrossNewTasks(t *testing.T) {
	s := apitest.New(t)
	n := 0
	start := func() string {
		n++
		id := createOpportunity(t, s, nil)
		task := s.OK("StartEngagementFromOpportunityTask", startTask(id, fmt.Sprint("task-", n), "Co-Sell"))
		s.Clock.Advance(time.Second)
		return task["TaskId"].(string)
	}
	var ids []string
	for range 5 {
		ids = append(ids, start())
	}
	req := map[string]any{"Catalog": "Sandbox", "MaxResults": 2}
	checkPagesAcrossInserts(t, s, taskListing, req, ids, start)
}

func TestKeysetTokenRefusals(t *testing.T) {
	s := apitest.New(t)
	for range 3 {
		sendReferral(t, s)
	}
	req := map[string]any{"Catalog": "Sandbox", "ParticipantType": "RECEIVER", "MaxResults": 1}
	_, next := invitationListing.page(t, s, req)
	for name, edit := range map[string]map[string]any{
		"tampered":      {"NextToken": next[:len(next)-2] + "xx"},
		"other filters": {"NextToken": next, "Status": []string{"ACCEPTED"}},
		"not a token":   {"NextToken": "tok-2"},
	} {
		t.Run(name, func(t *testing.T) {
			bad := map[string]any{"Catalog": "Sandbox", "ParticipantType": "RECEIVER"}
			for k, v := range edit {
				bad[k] = v
			}
			r := s.Fail(invitationListing.op, bad, "ValidationException")
			if errs := fieldErrors(r); !contains(errs, "nextToken:INVALID_VALUE") {
				t.Errorf("ErrorList = %v", errs)
			}
		})
	}
	req["NextToken"], req["MaxResults"] = next, 5
	if ids, more := invitationListing.page(t, s, req); len(ids) != 2 || more != "" {
		t.Errorf("the rest with another page size: %v, NextToken %q", ids, more)
	}
}
