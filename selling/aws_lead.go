package selling

import (
	"context"
	"encoding/json"

	"pcs/api"
	"pcs/store"
)

// leadMessage is the InvitationMessage of an AWS lead sent without one.
const leadMessage = "This invite is for an AWS originated lead. Accepting this invitation will share the lead's contact details with you."

// LeadSpec is an AWS lead the user has AWS send, through the admin side,
// to a partner account.
type LeadSpec struct {
	Account string `json:"Account"`
	Catalog string `json:"Catalog"`
	// Lead is everything AWS knows of the lead, contacts included; a sample
	// lead when empty.
	Lead    *api.LeadContext `json:"Lead,omitempty"`
	Message string           `json:"Message,omitempty"`
}

// SendLead makes AWS offer spec.Account a lead: an engagement of AWS's whose
// Lead context holds the whole lead, and a PENDING LeadInvitation into it
// that shows only what a partner sees before accepting, expiring in 15 days.
func (a *AWS) SendLead(ctx context.Context, spec LeadSpec) (*api.GetEngagementInvitationResponse, error) {
	s := a.svc
	if spec.Lead == nil {
		spec.Lead = sampleLead()
	}
	if problems := leadSpecProblems(spec); len(problems) > 0 {
		return nil, &InvalidInputError{Problems: problems}
	}
	spec.Lead = withReadinessScore(spec.Lead)
	scope := store.Scope{Account: spec.Account, Catalog: spec.Catalog}
	message := leadMessage
	if spec.Message != "" {
		message = spec.Message
	}
	inv := awsInvitation(scope, api.EngagementInvitationPayloadTypeLeadInvitation, message, s.now())
	inv.Payload = &api.Payload{LeadInvitation: leadInvitationFrom(spec.Lead)}
	inv.EngagementTitle = ptr(deref(spec.Lead.Customer.CompanyName)) // sendFromAWS cuts it
	inv.EngagementDescription = latestBusinessProblem(spec.Lead.Interactions)
	leadContext := api.EngagementContextDetails{Type: ptr(api.EngagementContextTypeLead),
		Payload: &api.EngagementContextPayload{Lead: spec.Lead}}
	var sent *invitation
	if err := s.db.Update(ctx, func(tx store.Tx) error {
		sent = clone(inv) // sending fills it in: each run fills its own (see clone)
		return a.sendFromAWS(ctx, tx, sent, *clone(&leadContext))
	}); err != nil {
		return nil, err
	}
	return &sent.GetEngagementInvitationResponse, nil
}

// leadSpecProblems lists everything wrong with spec, each problem saying
// which member to fix.
func leadSpecProblems(spec LeadSpec) []string {
	problems := receiverProblems(spec.Account, spec.Catalog)
	for _, e := range spec.Lead.Validate() {
		problems = append(problems, "Lead: "+deref(e.Message))
	}
	if spec.Lead.QualificationStatus != nil {
		problems = append(problems, "Lead: QualificationStatus is the partner's to set once it accepts the lead (it starts Unqualified); leave it out.")
	}
	if in := spec.Lead.Insights; in != nil && in.LeadReadinessScore != nil && !readinessScores[*in.LeadReadinessScore] {
		problems = append(problems, "Lead: Insights.LeadReadinessScore must be Low, Medium or High (or left out for AWS to score the lead).")
	}
	return problems
}

// readinessScores are the documented values of LeadReadinessScore.
var readinessScores = setOf("Low", "Medium", "High")

// withReadinessScore is lead with AWS's readiness score: the one it was
// sent with, else one scored from the lead.
func withReadinessScore(lead *api.LeadContext) *api.LeadContext {
	if lead.Insights != nil && lead.Insights.LeadReadinessScore != nil {
		return lead
	}
	scored := *lead
	scored.Insights = &api.LeadInsights{LeadReadinessScore: ptr(leadReadiness(lead))}
	return &scored
}

// leadReadiness scores a lead from the signs of a customer ready to talk:
// a stated business problem, a contact with a phone number, more than one
// interaction, and a use case in the latest one. Three or four signs are
// High, two Medium, fewer Low.
func leadReadiness(lead *api.LeadContext) string {
	signs := 0
	if latestBusinessProblem(lead.Interactions) != nil {
		signs++
	}
	for _, it := range lead.Interactions {
		if it.Contact != nil && deref(it.Contact.Phone) != "" {
			signs++
			break
		}
	}
	if len(lead.Interactions) > 1 {
		signs++
	}
	if n := len(lead.Interactions); n > 0 && deref(lead.Interactions[n-1].Usecase) != "" {
		signs++
	}
	switch {
	case signs >= 3:
		return "High"
	case signs == 2:
		return "Medium"
	}
	return "Low"
}

// leadInvitationFrom is what a partner sees of a lead before accepting it:
// the customer's company, industry, country, website, segment and AWS
// maturity, and of the latest interaction its source, use case and the
// contact's business title, never a name, email or phone (spec §6.7). A
// lead without an address or country shows none: the invitation's
// CountryCode is optional.
func leadInvitationFrom(lead *api.LeadContext) *api.LeadInvitationPayload {
	c := lead.Customer
	p := &api.LeadInvitationPayload{
		Customer: &api.LeadInvitationCustomer{AwsMaturity: c.AwsMaturity, CompanyName: c.CompanyName, Industry: c.Industry,
			MarketSegment: c.MarketSegment, WebsiteUrl: c.WebsiteUrl},
		Interaction: &api.LeadInvitationInteraction{},
	}
	if c.Address != nil {
		p.Customer.CountryCode = c.Address.CountryCode
	}
	if n := len(lead.Interactions); n > 0 {
		it := lead.Interactions[n-1]
		p.Interaction.SourceId, p.Interaction.SourceName, p.Interaction.SourceType = it.SourceId, it.SourceName, it.SourceType
		p.Interaction.Usecase = it.Usecase
		if it.Contact != nil {
			p.Interaction.ContactBusinessTitle = it.Contact.BusinessTitle
		}
	}
	return p
}

// leadEnrichment is the EnrichmentContext AWS puts in the invitation it
// sends for a lead: the lead's readiness score, and its customer and
// insights as prospecting the engagement finds them. nil when no context
// is a lead (a referral).
func leadEnrichment(engagementID string, contexts []api.EngagementContextDetails) *api.EnrichmentContext {
	for _, c := range contexts {
		if c.Payload == nil || c.Payload.Lead == nil {
			continue
		}
		lead := c.Payload.Lead
		return &api.EnrichmentContext{LeadInsights: lead.Insights, ProspectingResultAws: &api.InvitationProspectingResultAws{
			Customer: prospectedCustomer(lead.Customer), Insights: prospectingInsights(engagementID, lead.Customer)}}
	}
	return nil
}

// latestBusinessProblem is the business problem of the latest interaction
// that names one, nil when none does.
func latestBusinessProblem(interactions []api.LeadInteraction) *string {
	for i := len(interactions) - 1; i >= 0; i-- {
		if interactions[i].BusinessProblem != nil {
			return interactions[i].BusinessProblem
		}
	}
	return nil
}

// SampleLead is the lead SendLead sends when its spec has no Lead: a
// starting point for a user to edit.
func (a *AWS) SampleLead() *api.LeadContext { return sampleLead() }

func sampleLead() *api.LeadContext {
	var l api.LeadContext
	_ = json.Unmarshal([]byte(`{
		"Customer": {"CompanyName": "Example Health Clinics", "Industry": "Healthcare", "WebsiteUrl": "https://clinics.example.com",
			"MarketSegment": "Medium", "AwsMaturity": "Early",
			"Address": {"City": "Seattle", "StateOrRegion": "Washington", "PostalCode": "98101", "CountryCode": "US"}},
		"Interactions": [{"SourceType": "Event", "SourceId": "summit-2026-sea", "SourceName": "AWS Summit Seattle",
			"CustomerAction": "Requested a follow-up at the booth", "Usecase": "Migration",
			"BusinessProblem": "The clinics want to move their patient scheduling system off an ageing data center onto AWS.",
			"Contact": {"BusinessTitle": "Director of IT", "FirstName": "Jordan", "LastName": "Rivera",
				"Email": "jordan.rivera@clinics.example.com", "Phone": "+12065550142"}}]
	}`), &l)
	return &l
}
