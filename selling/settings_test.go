package selling_test

import (
	"testing"

	"pcs/internal/apitest"
)

func TestSellingSystemSettings(t *testing.T) {
	s := apitest.New(t)
	if out := s.OK("GetSellingSystemSettings", map[string]any{"Catalog": "Sandbox"}); out["ResourceSnapshotJobRoleArn"] != nil {
		t.Errorf("fresh settings = %v", out)
	}
	out := s.OK("PutSellingSystemSettings", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobRoleIdentifier": "PartnerCentralRole"})
	want := "arn:aws:iam::111111111111:role/PartnerCentralRole"
	if out["ResourceSnapshotJobRoleArn"] != want {
		t.Errorf("put = %v", out)
	}
	if got := s.OK("GetSellingSystemSettings", map[string]any{"Catalog": "Sandbox"})["ResourceSnapshotJobRoleArn"]; got != want {
		t.Errorf("get = %v", got)
	}
	if got := s.OK("GetSellingSystemSettings", map[string]any{"Catalog": "AWS"})["ResourceSnapshotJobRoleArn"]; got != nil {
		t.Errorf("the AWS catalog got the Sandbox setting: %v", got)
	}
	r := s.Fail("PutSellingSystemSettings", map[string]any{"Catalog": "Sandbox",
		"ResourceSnapshotJobRoleIdentifier": "arn:aws:iam::222222222222:role/Other"}, "ValidationException")
	if !contains(fieldErrors(r), "resourceSnapshotJobRoleIdentifier:INVALID_VALUE") {
		t.Errorf("foreign role: %v", fieldErrors(r))
	}
	s.OK("PutSellingSystemSettings", map[string]any{"Catalog": "Sandbox"})
	if got := s.OK("GetSellingSystemSettings", map[string]any{"Catalog": "Sandbox"})["ResourceSnapshotJobRoleArn"]; got != nil {
		t.Errorf("after clearing: %v", got)
	}
}
