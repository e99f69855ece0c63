package selling_test

import (
	"testing"
	"time"

	"pcs/internal/apitest"
)

func TestClientTokenIdempotency(t *testing.T) {
	s := apitest.New(t)
	body := payload(t, "create_opportunity.json")
	first := s.OK("CreateOpportunity", body)
	s.Clock.Advance(time.Minute)
	again := s.OK("CreateOpportunity", body)
	if again["Id"] != first["Id"] || again["LastModifiedDate"] != first["LastModifiedDate"] {
		t.Errorf("retry with the same token and body = %v, want the original %v", again, first)
	}

	changed := payload(t, "create_opportunity.json")
	set(changed, "Project.Title", "Another title")
	r := s.Fail("CreateOpportunity", changed, "ConflictException")
	if msg := r.JSON()["Message"]; msg != "Conflicting client token submitted for a new request body." {
		t.Errorf("message = %q", msg)
	}

	// Tokens are scoped to the account and the catalog.
	other := s.As("222222222222").OK("CreateOpportunity", body)
	if other["Id"] == first["Id"] {
		t.Error("another account's request with the same token returned the first account's opportunity")
	}
	aws := payload(t, "create_opportunity.json")
	set(aws, "Catalog", "AWS")
	if s.OK("CreateOpportunity", aws)["Id"] == first["Id"] {
		t.Error("the same token in the AWS catalog returned the Sandbox opportunity")
	}

	list := s.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox"})
	if n := len(list["OpportunitySummaries"].([]any)); n != 1 {
		t.Errorf("account has %d opportunities after a retried create, want 1", n)
	}
}

func TestClientTokenWindow(t *testing.T) {
	s := apitest.New(t)
	body := map[string]any{"Catalog": "Sandbox", "ClientToken": "reused"}
	first := s.OK("CreateOpportunity", body)
	s.Clock.Advance(25 * time.Hour)
	if again := s.OK("CreateOpportunity", body); again["Id"] == first["Id"] {
		t.Error("a token older than the 24-hour window still returned the old result")
	}
}
