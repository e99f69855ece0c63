package selling_test

import (
	"fmt"
	"testing"

	"pcs/internal/apitest"
)

func TestTags(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil) // created with crm=salesforce, region=emea
	arn := getOpp(t, s, id)["Arn"].(string)
	before := getOpp(t, s, id)["LastModifiedDate"]
	tags := func() string {
		return fmt.Sprint(s.OK("ListTagsForResource", map[string]any{"ResourceArn": arn})["Tags"])
	}
	if got := tags(); got != "[map[Key:crm Value:salesforce] map[Key:region Value:emea]]" {
		t.Errorf("tags from create = %s", got)
	}
	s.OK("TagResource", map[string]any{"ResourceArn": arn, "Tags": []any{
		map[string]any{"Key": "region", "Value": "apac"}, map[string]any{"Key": "tier", "Value": "1"}}})
	s.OK("UntagResource", map[string]any{"ResourceArn": arn, "TagKeys": []string{"crm", "absent"}})
	if got := tags(); got != "[map[Key:region Value:apac] map[Key:tier Value:1]]" {
		t.Errorf("tags = %s", got)
	}
	if getOpp(t, s, id)["LastModifiedDate"] != before {
		t.Error("tagging changed LastModifiedDate")
	}

	many := []any{}
	for i := range 199 {
		many = append(many, map[string]any{"Key": fmt.Sprint("k", i), "Value": "v"})
	}
	r := s.Fail("TagResource", map[string]any{"ResourceArn": arn, "Tags": many}, "ValidationException")
	if !contains(fieldErrors(r), "tags:TOO_MANY_VALUES") {
		t.Errorf("201 tags: %v", fieldErrors(r))
	}
	for _, other := range []string{
		"arn:aws:partnercentral:us-east-1:222222222222:catalog/Sandbox/opportunity/" + id,
		"arn:aws:partnercentral:us-east-1:111111111111:catalog/AWS/opportunity/" + id,
		"arn:aws:partnercentral:us-east-1:111111111111:catalog/Sandbox/opportunity/O1",
	} {
		s.Fail("ListTagsForResource", map[string]any{"ResourceArn": other}, "ResourceNotFoundException")
	}
	s.As("222222222222").Fail("TagResource", map[string]any{"ResourceArn": arn, "Tags": []any{map[string]any{"Key": "a", "Value": "b"}}}, "ResourceNotFoundException")
}

func TestTagsOnSnapshotJobs(t *testing.T) {
	s := apitest.New(t)
	id := createOpportunity(t, s, nil)
	eng := s.OK("CreateEngagement", map[string]any{"Catalog": "Sandbox", "ClientToken": "e", "Title": "T", "Description": "D"})
	req := snapshotKey(eng["Id"].(string), id)
	req["ClientToken"], req["Tags"] = "j", []any{map[string]any{"Key": "team", "Value": "emea"}}
	job := s.OK("CreateResourceSnapshotJob", req)
	arn := job["Arn"]
	s.OK("TagResource", map[string]any{"ResourceArn": arn, "Tags": []any{map[string]any{"Key": "tier", "Value": "1"}}})
	if got := fmt.Sprint(s.OK("ListTagsForResource", map[string]any{"ResourceArn": arn})["Tags"]); got != "[map[Key:team Value:emea] map[Key:tier Value:1]]" {
		t.Errorf("job tags = %s", got)
	}
	if _, ok := s.OK("GetResourceSnapshotJob", map[string]any{"Catalog": "Sandbox", "ResourceSnapshotJobIdentifier": job["Id"]})["Tags"]; ok {
		t.Error("GetResourceSnapshotJob must not return Tags")
	}
}
