package selling_test

import (
	"strings"
	"testing"
	"time"

	"pcs/internal/apitest"
)

func TestAWSReferralExpires(t *testing.T) {
	s := apitest.New(t)
	_, invID := referral(t, s)
	s.Advance(15*24*time.Hour - time.Second)
	if st := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})["Status"]; st != "PENDING" {
		t.Fatalf("a second before expiry: %v", st)
	}
	s.Advance(time.Second)
	if st := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})["Status"]; st != "EXPIRED" {
		t.Fatalf("after 15 days: %v", st)
	}
	s.Fail("StartEngagementByAcceptingInvitationTask", map[string]any{"Catalog": "Sandbox", "ClientToken": "a", "Identifier": invID}, "ConflictException")
}

func TestAWSLeadExpires(t *testing.T) {
	s := apitest.New(t)
	var seen int64
	invID, engID := sendLead(t, s)
	newEvents(t, s, s.Account, &seen)
	s.Advance(15*24*time.Hour - time.Second)
	if st := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})["Status"]; st != "PENDING" {
		t.Fatalf("a second before expiry: %v", st)
	}
	s.Advance(time.Second)
	if st := s.OK("GetEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID})["Status"]; st != "EXPIRED" {
		t.Fatalf("after 15 days: %v", st)
	}
	if got := newEvents(t, s, s.Account, &seen); strings.Join(got, ",") != "Engagement Invitation Expired" {
		t.Errorf("events of the expiry: %q", got)
	}
	s.Fail("AcceptEngagementInvitation", map[string]any{"Catalog": "Sandbox", "Identifier": invID}, "ConflictException")
	s.Fail("GetEngagement", map[string]any{"Catalog": "Sandbox", "Identifier": engID}, "ResourceNotFoundException")
}
