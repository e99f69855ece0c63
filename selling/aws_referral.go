package selling

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"pcs/api"
	"pcs/store"
)

// ReferralSpec is an AWS referral the user has AWS send, through the admin
// side, to a partner account.
type ReferralSpec struct {
	Account string `json:"Account"`
	Catalog string `json:"Catalog"`
	// Payload is the OpportunityInvitation; a sample referral when empty.
	Payload *api.OpportunityInvitationPayload `json:"Payload,omitempty"`
	Message string                            `json:"Message,omitempty"`
}

// SendReferral makes AWS invite spec.Account to an AWS-originated
// opportunity, as a PENDING invitation that expires in 15 days.
func (a *AWS) SendReferral(ctx context.Context, spec ReferralSpec) (*api.GetEngagementInvitationResponse, error) {
	s := a.svc
	problems := receiverProblems(spec.Account, spec.Catalog)
	if spec.Payload == nil {
		spec.Payload = sampleReferral(s.now().AddDate(0, 3, 0).Format("2006-01-02"))
	}
	for _, e := range spec.Payload.Validate() {
		problems = append(problems, "Payload: "+deref(e.Message))
	}
	if len(problems) > 0 {
		return nil, &InvalidInputError{Problems: problems}
	}
	scope := store.Scope{Account: spec.Account, Catalog: spec.Catalog}
	inv := referralFrom(&opportunity{}, scope, s.now())
	inv.Payload.OpportunityInvitation = spec.Payload
	inv.EngagementTitle, inv.EngagementDescription = spec.Payload.Project.Title, spec.Payload.Project.BusinessProblem
	if spec.Message != "" {
		inv.InvitationMessage = &spec.Message
	}
	var sent *invitation
	if err := s.db.Update(ctx, func(tx store.Tx) error {
		sent = clone(inv) // sending fills it in: each run fills its own (see clone)
		return a.sendFromAWS(ctx, tx, sent)
	}); err != nil {
		return nil, err
	}
	return &sent.GetEngagementInvitationResponse, nil
}

// SampleReferral is the referral SendReferral sends when its spec has no
// Payload: a starting point for a user to edit.
func (a *AWS) SampleReferral() *api.OpportunityInvitationPayload {
	return sampleReferral(a.svc.now().AddDate(0, 3, 0).Format("2006-01-02"))
}

func sampleReferral(closeDate string) *api.OpportunityInvitationPayload {
	var p api.OpportunityInvitationPayload
	_ = json.Unmarshal([]byte(`{
		"Customer": {"CompanyName": "Example Freight Inc.", "CountryCode": "US", "Industry": "Transportation and Logistics",
			"WebsiteUrl": "https://freight.example.com"},
		"Project": {"Title": "Data lake modernization", "TargetCompletionDate": "`+closeDate+`",
			"BusinessProblem": "The customer wants to consolidate shipment telemetry into a governed data lake on AWS.",
			"ExpectedCustomerSpend": [{"Amount": "25000", "CurrencyCode": "USD", "Frequency": "Monthly", "TargetCompany": "AWS"}]},
		"ReceiverResponsibilities": ["Services Partner"],
		"SenderContacts": [{"Email": "partner-development-manager@aws.example.com", "FirstName": "Dana", "LastName": "Manager", "BusinessTitle": "PDM"}]
	}`), &p)
	return &p
}

// What AWS puts in the referrals it sends.
const (
	referralMessage = "This invite is for an AWS originated referral. Accepting this invitation will create an AWS originated opportunity in your pipeline."
	referralDelay   = 5 * time.Second
)

// referralFrom builds the invitation AWS sends for an AWS-side opportunity.
func referralFrom(o *opportunity, receiver store.Scope, now time.Time) *invitation {
	inv := awsInvitation(receiver, api.EngagementInvitationPayloadTypeOpportunityInvitation, referralMessage, now)
	inv.OpportunityID = deref(o.Id)
	payload := &api.OpportunityInvitationPayload{
		Customer: &api.EngagementCustomer{},
		Project:  &api.ProjectDetails{},
		ReceiverResponsibilities: []api.ReceiverResponsibility{
			api.ReceiverResponsibilityServicesPartner, api.ReceiverResponsibilitySoftwarePartner},
		SenderContacts: []api.SenderContact{{
			BusinessTitle: ptr("PDM"), Email: ptr("partner-development-manager@aws.example.com"),
			FirstName: ptr("Dana"), LastName: ptr("Manager")}},
	}
	if a := customerAccount(o); a != nil {
		payload.Customer.CompanyName, payload.Customer.Industry, payload.Customer.WebsiteUrl = a.CompanyName, a.Industry, a.WebsiteUrl
		if a.Address != nil {
			payload.Customer.CountryCode = a.Address.CountryCode
		}
	}
	if p := o.Project; p != nil {
		payload.Project.Title, payload.Project.BusinessProblem = p.Title, p.CustomerBusinessProblem
		payload.Project.ExpectedCustomerSpend = p.ExpectedCustomerSpend
		inv.EngagementTitle, inv.EngagementDescription = p.Title, p.CustomerBusinessProblem
	}
	if o.LifeCycle != nil {
		payload.Project.TargetCompletionDate = o.LifeCycle.TargetCloseDate
	}
	inv.Payload = &api.Payload{OpportunityInvitation: payload}
	return inv
}

// referredByAWS is the AWS opportunity behind an opportunity accepted from
// inv when AWS sent it: AWS engaged (Co-Sell, Full visibility), its team
// the referral's senders. nil for a partner's invitation.
func referredByAWS(inv *invitation, now time.Time) *submission {
	if deref(inv.SenderAwsAccountId) != awsSender(deref(inv.Catalog)) {
		return nil
	}
	sub := &submission{InvolvementType: api.SalesInvolvementTypeCoSell, Visibility: api.VisibilityFull, SubmittedAt: now}
	if p := inv.Payload; p != nil && p.OpportunityInvitation != nil {
		for _, c := range p.OpportunityInvitation.SenderContacts {
			m := api.AwsTeamMember{Email: c.Email, FirstName: c.FirstName, LastName: c.LastName}
			if title := api.AwsMemberBusinessTitle(deref(c.BusinessTitle)); title.IsKnown() {
				m.BusinessTitle = &title
			}
			sub.AwsTeam = append(sub.AwsTeam, m)
		}
	}
	return sub
}

// runReferralJob sends the invitation of an AWS referral made in the
// Sandbox: it reaches its partner a few seconds after it was made.
func (a *AWS) runReferralJob(ctx context.Context, tx store.Tx, j store.Job) error {
	var p inviteJob
	if err := decodeJob(j, &p); err != nil {
		return err
	}
	rec, err := tx.GetOpportunity(ctx, awsSideScope(j.Scope), p.ID)
	if err != nil {
		return fmt.Errorf("job %d: %w", j.ID, err)
	}
	o, err := decodeOpportunity(rec)
	if err != nil {
		return err
	}
	return a.sendFromAWS(ctx, tx, referralFrom(o, j.Scope, a.svc.now()))
}
