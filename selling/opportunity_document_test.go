package selling

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"pcs/api"
	"pcs/store"
)

// TestDocumentIsMarshal: the stored document derived from the answer is
// json.Marshal of the opportunity, byte for byte, for opportunities with
// and without the service's own members, with characters json.Marshal
// escapes (HTML's, line and paragraph separators, invalid UTF-8) and with
// related entities as every write leaves them or not.
func TestDocumentIsMarshal(t *testing.T) {
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	scope := store.Scope{Account: "111111111111", Catalog: "AWS"}
	for _, tt := range []struct {
		name   string
		change func(o *opportunity)
	}{
		{"seeded", func(*opportunity) {}},
		{"escaped characters", func(o *opportunity) {
			o.Project.Title = ptr("<b>R&D</b> \u2028 \u2029 \xff \"quoted\" \\ \t")
			o.LifeCycle.NextSteps = ptr("a > b && c < d")
		}},
		{"separators without HTML's characters", func(o *opportunity) { o.Project.Title = ptr("a \u2028 b \u2029 \xff") }},
		{"the service's own members", func(o *opportunity) {
			o.Origin = ptr(api.OpportunityOriginPartnerReferral)
			o.Tags = []api.Tag{{Key: ptr("team<1>"), Value: ptr("a&b")}}
			o.AwsSide = true
			o.Submission = &submission{InvolvementType: api.SalesInvolvementTypeCoSell, SubmittedAt: at, Round: 2, FirstQualityScore: ptr(80)}
			o.EngagementID, o.AwsInvitationID = "eng-1", "arn:aws:partnercentral:invitation/1"
			o.Followers = []opportunityRef{{Account: "222222222222", ID: "O2"}}
			o.StatusChanges = []StatusChange{{At: at, ReviewStatus: api.ReviewStatusSubmitted, Stage: api.StageQualified}}
		}},
		{"no related entities", func(o *opportunity) { o.RelatedEntityIdentifiers = nil }},
		{"related entities without a list", func(o *opportunity) { o.RelatedEntityIdentifiers.Solutions = nil }},
		{"related entities", func(o *opportunity) { o.RelatedEntityIdentifiers.Solutions = []string{"S-1"} }},
		{"nothing but the answer's required members", func(o *opportunity) {
			*o = opportunity{}
			o.Id, o.RelatedEntityIdentifiers = ptr("O1"), relatedEntities(nil)
			o.CreatedDate, o.LastModifiedDate = api.NewDateTime(at), api.NewDateTime(at)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := seedOpportunity(scope, "O1", 1, at)
			tt.change(o)
			want, err := json.Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			answer, err := o.answer()
			if err != nil {
				t.Fatal(err)
			}
			got, err := o.document(answer)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("document\n%s\njson.Marshal\n%s", got, want)
			}
			rec, err := o.record(scope)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(rec.Doc, want) || !bytes.Equal(rec.Answer, answer) {
				t.Fatalf("record: document\n%s\nanswer\n%s", rec.Doc, rec.Answer)
			}
		})
	}
}
