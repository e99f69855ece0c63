package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"pcs/api"
	"pcs/store"
)

// invitationTTL is how long an invitation waits for an answer.
const invitationTTL = 15 * 24 * time.Hour

// invitation is the stored document of an engagement invitation.
type invitation struct {
	api.GetEngagementInvitationResponse
	// OpportunityID is the AWS-side opportunity a referral brings.
	OpportunityID string `json:"OpportunityId,omitempty"`
	// SenderOpportunity is the partner opportunity shared in the engagement
	// a partner invites into: the receiver's opportunity follows its review.
	SenderOpportunity *opportunityRef `json:"SenderOpportunity,omitempty"`
}

// opportunityRef names an opportunity of another account.
type opportunityRef struct {
	Account string `json:"Account"`
	ID      string `json:"Id"`
}

func (inv *invitation) record() (*store.Invitation, error) {
	doc, err := json.Marshal(inv)
	if err != nil {
		return nil, err
	}
	rec := &store.Invitation{
		Catalog:       deref(inv.Catalog),
		ID:            deref(inv.Id),
		SenderAccount: deref(inv.SenderAwsAccountId),
		Status:        string(deref(inv.Status)),
		PayloadType:   string(deref(inv.PayloadType)),
		EngagementID:  deref(inv.EngagementId),
		InvitedAt:     inv.InvitationDate.Time,
		Doc:           doc,
	}
	if inv.Receiver != nil && inv.Receiver.Account != nil {
		rec.ReceiverAccount = deref(inv.Receiver.Account.AwsAccountId)
	}
	return rec, nil
}

// saveInvitation stores inv and reports its creation or new status to
// both parties.
func (s *Service) saveInvitation(ctx context.Context, tx store.Tx, inv *invitation) error {
	rec, err := inv.record()
	if err != nil {
		return err
	}
	previous, err := previousInvitationStatus(ctx, tx, rec.Catalog, rec.ID)
	if err != nil {
		return err
	}
	if err := tx.PutInvitation(ctx, rec); err != nil {
		return err
	}
	return s.invitationEvents(ctx, tx, rec, inv, previous)
}

// loadInvitation reads an invitation the caller is a party to.
func loadInvitation(ctx context.Context, tx store.Tx, scope store.Scope, idOrARN string) (*invitation, store.Invitation, error) {
	id := idFromARN(idOrARN)
	rec, err := tx.GetInvitation(ctx, scope.Catalog, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && rec.ReceiverAccount != scope.Account && rec.SenderAccount != scope.Account) {
		return nil, store.Invitation{}, notFound("Engagement invitation %s not found in catalog %s.", id, scope.Catalog)
	}
	if err != nil {
		return nil, store.Invitation{}, err
	}
	inv := new(invitation)
	if err := json.Unmarshal(rec.Doc, inv); err != nil {
		return nil, store.Invitation{}, fmt.Errorf("invitation %s: corrupt document: %w", id, err)
	}
	return inv, *rec, nil
}

// newInvitation is what every invitation starts as: a new id, sent now,
// PENDING, expiring after invitationTTL.
func newInvitation(catalog string, payloadType api.EngagementInvitationPayloadType, now time.Time) *invitation {
	inv := &invitation{}
	id := invitationIDForm.new()
	inv.Id, inv.Arn, inv.Catalog = &id, ptr(invitationARN(catalog, id)), ptr(catalog)
	inv.InvitationDate, inv.ExpirationDate = api.NewDateTime(now), api.NewDateTime(now.Add(invitationTTL))
	inv.PayloadType = ptr(payloadType)
	inv.Status = ptr(api.InvitationStatusPending)
	return inv
}

// memberSummary is how an engagement member appears in an invitation's
// ExistingMembers: AWS with its website, a partner, whose website the
// service does not know, with the literal string "null" as it shows it.
func memberSummary(account, companyName string) api.EngagementMemberSummary {
	m := api.EngagementMemberSummary{CompanyName: ptr(companyName), WebsiteUrl: ptr("null")}
	if account == awsSenderAWSCatalog {
		m.WebsiteUrl = ptr(awsWebsite)
	}
	return m
}

// sendInvitation records a new invitation and schedules its expiry.
func (s *Service) sendInvitation(ctx context.Context, tx store.Tx, inv *invitation) error {
	if err := s.saveInvitation(ctx, tx, inv); err != nil {
		return err
	}
	return s.scheduleJob(ctx, tx, store.Scope{Catalog: deref(inv.Catalog)}, jobInviteExpire,
		expiryJobKey(deref(inv.Id)), inv.ExpirationDate.Time, inviteJob{ID: deref(inv.Id)})
}

// GetEngagementInvitation returns an invitation the caller sent or received.
func (s *Service) GetEngagementInvitation(ctx context.Context, in *api.GetEngagementInvitationRequest) (*api.GetEngagementInvitationResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	var inv *invitation
	err = s.db.View(ctx, func(tx store.Tx) error {
		inv, _, err = loadInvitation(ctx, tx, scope, deref(in.Identifier))
		return err
	})
	if err != nil {
		return nil, err
	}
	out := inv.GetEngagementInvitationResponse
	if deref(out.Status) == api.InvitationStatusRejected {
		// Rejecting gives up access to the details, AWS's enrichment of them
		// included; the invitation stays listed.
		out.Payload, out.EnrichmentContext = nil, nil
	}
	return &out, nil
}

// pendingReceived loads an invitation the caller received that still
// waits for an answer: another's invitation is not found, and one already
// answered or expired is a ConflictException (verb says what was tried).
func pendingReceived(ctx context.Context, tx store.Tx, scope store.Scope, idOrARN, verb string) (*invitation, store.Invitation, error) {
	inv, rec, err := loadInvitation(ctx, tx, scope, idOrARN)
	if err != nil {
		return nil, rec, err
	}
	if rec.ReceiverAccount != scope.Account {
		return nil, rec, notFound("Engagement invitation %s not found in catalog %s.", rec.ID, scope.Catalog)
	}
	if st := deref(inv.Status); st != api.InvitationStatusPending {
		return nil, rec, conflict("Engagement invitation %s is %s; only a PENDING invitation can be %s.", rec.ID, st, verb)
	}
	return inv, rec, nil
}

// RejectEngagementInvitation declines a pending invitation the caller received.
func (s *Service) RejectEngagementInvitation(ctx context.Context, in *api.RejectEngagementInvitationRequest) error {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		inv, _, err := pendingReceived(ctx, tx, scope, deref(in.Identifier), "rejected")
		if err != nil {
			return err
		}
		inv.Status = ptr(api.InvitationStatusRejected)
		inv.RejectionReason = in.RejectionReason
		return s.saveInvitation(ctx, tx, inv)
	})
}

// ListEngagementInvitations lists the invitations the caller sent or received.
func (s *Service) ListEngagementInvitations(ctx context.Context, in *api.ListEngagementInvitationsRequest) (*api.ListEngagementInvitationsResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	role := string(deref(in.ParticipantType))
	q := store.InvitationQuery{Catalog: scope.Catalog, Account: scope.Account, Role: role,
		SenderAccounts: in.SenderAwsAccountId, EngagementIDs: in.EngagementIdentifier, Descending: true, Limit: pageSize(in.MaxResults)}
	for _, st := range in.Status {
		q.Statuses = append(q.Statuses, string(st))
	}
	for _, pt := range in.PayloadType {
		q.PayloadTypes = append(q.PayloadTypes, string(pt))
	}
	if in.Sort != nil {
		q.Descending = deref(in.Sort.SortOrder) == api.SortOrderDescending
	}
	out := &api.ListEngagementInvitationsResponse{}
	out.EngagementInvitationSummaries, out.NextToken, err = storePage(ctx, s, in, in.NextToken, q.Limit,
		func(tx store.Tx, after *store.Cursor, limit int) ([]store.Invitation, error) {
			qq := q
			qq.After, qq.Limit = after, limit
			return tx.ListInvitations(ctx, qq)
		},
		func(r store.Invitation) (api.EngagementInvitationSummary, error) {
			var inv invitation
			err := json.Unmarshal(r.Doc, &inv)
			return api.EngagementInvitationSummary{
				Arn: inv.Arn, Catalog: inv.Catalog, EngagementId: inv.EngagementId, EngagementTitle: inv.EngagementTitle,
				ExpirationDate: inv.ExpirationDate, Id: inv.Id, InvitationDate: inv.InvitationDate,
				ParticipantType: ptr(api.ParticipantType(role)), PayloadType: inv.PayloadType, Receiver: inv.Receiver,
				SenderAwsAccountId: inv.SenderAwsAccountId, SenderCompanyName: inv.SenderCompanyName, Status: inv.Status,
			}, err
		})
	return out, err
}

// AcceptEngagementInvitation accepts an invitation the caller received and
// makes it a member of the engagement.
func (s *Service) AcceptEngagementInvitation(ctx context.Context, in *api.AcceptEngagementInvitationRequest) error {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		inv, rec, err := pendingReceived(ctx, tx, scope, deref(in.Identifier), "accepted")
		if err != nil {
			return err
		}
		_, err = s.acceptByJoining(ctx, tx, scope, inv, rec)
		return err
	})
}

// leadUnqualified is the QualificationStatus of a lead just accepted.
const leadUnqualified = "Unqualified"

// acceptByJoining accepts a pending invitation the caller received and makes
// it a member of the invitation's engagement, which it returns (nil when pcs
// keeps no such engagement). A lead the caller accepts starts Unqualified.
func (s *Service) acceptByJoining(ctx context.Context, tx store.Tx, scope store.Scope, inv *invitation, rec store.Invitation) (*api.GetEngagementResponse, error) {
	inv.Status = ptr(api.InvitationStatusAccepted)
	if err := s.saveInvitation(ctx, tx, inv); err != nil {
		return nil, err
	}
	e, err := s.joinEngagement(ctx, tx, scope, rec.EngagementID)
	if err != nil || e == nil || deref(inv.PayloadType) != api.EngagementInvitationPayloadTypeLeadInvitation {
		return e, err
	}
	if qualifyAcceptedLeads(e) {
		// Part of joining, which already told the members and set ModifiedAt.
		err = saveEngagement(ctx, tx, scope.Catalog, e)
	}
	return e, err
}

// qualifyAcceptedLeads gives each Lead context of e without a
// QualificationStatus the one an accepted lead starts with, and reports
// whether it changed any.
func qualifyAcceptedLeads(e *api.GetEngagementResponse) bool {
	changed := false
	for _, c := range e.Contexts {
		if c.Payload == nil || c.Payload.Lead == nil || c.Payload.Lead.QualificationStatus != nil {
			continue
		}
		c.Payload.Lead.QualificationStatus = ptr(leadUnqualified)
		changed = true
	}
	return changed
}
