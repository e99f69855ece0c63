package selling

import (
	"context"
	"encoding/json"

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
func (s *Service) SendReferral(ctx context.Context, spec ReferralSpec) (*api.GetEngagementInvitationResponse, error) {
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
	if err := s.db.Update(ctx, func(tx store.Tx) error { return s.sendFromAWS(ctx, tx, inv) }); err != nil {
		return nil, err
	}
	return &inv.GetEngagementInvitationResponse, nil
}

// receiverProblems checks the partner an AWS referral or lead goes to.
func receiverProblems(account, catalog string) []string {
	var problems []string
	if !accountPattern.MatchString(account) {
		problems = append(problems, "Account must be a 12-digit AWS account id")
	}
	if catalog != CatalogAWS && catalog != CatalogSandbox {
		problems = append(problems, "Catalog must be AWS or Sandbox")
	}
	return problems
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

// ExpireInvitation makes a pending invitation expire now, as it would after
// 15 days.
func (s *Service) ExpireInvitation(ctx context.Context, catalog, id string) error {
	return s.db.Update(ctx, func(tx store.Tx) error {
		rec, err := tx.GetInvitation(ctx, catalog, idFromARN(id))
		if err != nil {
			return err
		}
		if rec.Status != string(api.InvitationStatusPending) {
			return &InvalidInputError{Problems: []string{"invitation " + rec.ID + " is " + rec.Status + "; only a PENDING invitation can expire"}}
		}
		inv := new(invitation)
		if err := json.Unmarshal(rec.Doc, inv); err != nil {
			return err
		}
		inv.Status = ptr(api.InvitationStatusExpired)
		inv.ExpirationDate = api.NewDateTime(s.now())
		return s.saveInvitation(ctx, tx, inv)
	})
}

// sendFromAWS opens the engagement AWS creates for a referral or a lead (AWS
// its only member until the partner accepts), with the contexts AWS holds,
// and sends the invitation into it.
func (s *Service) sendFromAWS(ctx context.Context, tx store.Tx, inv *invitation, contexts ...api.EngagementContextDetails) error {
	aws := store.Scope{Account: awsSenderAWSCatalog, Catalog: deref(inv.Catalog)}
	e, err := s.createEngagement(ctx, tx, aws, inv.EngagementTitle, inv.EngagementDescription)
	if err != nil {
		return err
	}
	if len(contexts) > 0 {
		for _, c := range contexts {
			c.Id = ptr(nextContextID(e))
			e.Contexts = append(e.Contexts, c)
		}
		if err := saveEngagement(ctx, tx, aws.Catalog, e); err != nil {
			return err
		}
	}
	inv.EngagementId = e.Id
	inv.EnrichmentContext = leadEnrichment(deref(e.Id), contexts)
	return s.sendInvitation(ctx, tx, inv)
}
