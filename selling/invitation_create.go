package selling

import (
	"context"

	"pcs/api"
	"pcs/store"
)

// Engagement size limits (the multi-partner guide).
const (
	maxEngagementPartners = 10
	maxInvitedPartners    = 9
)

// CreateEngagementInvitation invites another partner into an engagement the
// caller is a member of, to a partner it is connected with.
func (s *Service) CreateEngagementInvitation(ctx context.Context, in *api.CreateEngagementInvitationRequest) (*api.CreateEngagementInvitationResponse, error) {
	return writeOnce(ctx, s, in.Catalog, api.OpCreateEngagementInvitation, in.ClientToken, in,
		func(tx store.Tx, scope store.Scope, in *api.CreateEngagementInvitationRequest) (*api.CreateEngagementInvitationResponse, error) {
			e, members, err := loadEngagement(ctx, tx, scope, deref(in.EngagementIdentifier))
			if err != nil {
				return nil, err
			}
			receiver := deref(in.Invitation.Receiver.Account.AwsAccountId)
			if !accountPattern.MatchString(receiver) {
				return nil, requestInvalid(fieldError("invitation.receiver.account.awsAccountId", api.ValidationExceptionErrorCodeInvalidValue,
					"Invitation.Receiver.Account.AwsAccountId must be the receiving partner's 12-digit AWS account id."))
			}
			if !s.connected(scope.Account, receiver) {
				return nil, businessInvalid(fieldError("invitation.receiver.account.awsAccountId", api.ValidationExceptionErrorCodeInvalidValue,
					"Account %s is not one of your partner connections. Connect with the partner in Partner Central, then send the invitation.", receiver))
			}
			for _, m := range members {
				if m.Account == receiver {
					return nil, conflict("Account %s is already a member of engagement %s.", receiver, deref(e.Id))
				}
			}
			partners := 0
			for _, m := range members {
				if m.Account != awsSenderAWSCatalog {
					partners++
				}
			}
			if partners >= maxEngagementPartners {
				return nil, quotaExceeded("Engagement %s already has %d partners, the most an engagement can have.", deref(e.Id), partners)
			}
			sent, err := tx.ListInvitations(ctx, store.InvitationQuery{Catalog: scope.Catalog, Account: scope.Account,
				Role: store.RoleSender, EngagementIDs: []string{deref(e.Id)}})
			if err != nil {
				return nil, err
			}
			invited := 0
			for _, r := range sent {
				switch {
				case r.ReceiverAccount == receiver && r.Status == string(api.InvitationStatusPending):
					return nil, conflict("Account %s already has a pending invitation (%s) to engagement %s.", receiver, r.ID, deref(e.Id))
				case r.ReceiverAccount != awsSenderAWSCatalog && r.Status != string(api.InvitationStatusExpired) && r.Status != string(api.InvitationStatusRejected):
					invited++
				}
			}
			if invited >= maxInvitedPartners {
				return nil, quotaExceeded("%d partners are already invited to engagement %s, the most there can be.", invited, deref(e.Id))
			}

			payloadType := api.EngagementInvitationPayloadTypeOpportunityInvitation
			if in.Invitation.Payload.LeadInvitation != nil {
				payloadType = api.EngagementInvitationPayloadTypeLeadInvitation
			}
			inv := newInvitation(scope.Catalog, payloadType, s.now())
			inv.EngagementId, inv.EngagementTitle, inv.EngagementDescription = e.Id, e.Title, e.Description
			inv.InvitationMessage = in.Invitation.Message
			inv.Payload, inv.Receiver = in.Invitation.Payload, in.Invitation.Receiver
			inv.SenderAwsAccountId, inv.SenderCompanyName = ptr(scope.Account), ptr(s.companyName(scope.Account))
			inv.ExistingMembers = []api.EngagementMemberSummary{}
			for _, m := range members {
				inv.ExistingMembers = append(inv.ExistingMembers, memberSummary(m.Account, s.companyName(m.Account)))
			}
			shared, err := tx.ListSnapshots(ctx, store.SnapshotQuery{Catalog: scope.Catalog, EngagementID: deref(e.Id),
				ResourceType: string(api.ResourceTypeOpportunity), CreatedBy: scope.Account, Limit: 1})
			if err != nil {
				return nil, err
			}
			if len(shared) > 0 {
				inv.SenderOpportunity = &opportunityRef{Account: scope.Account, ID: shared[0].ResourceID}
			}
			if err := s.sendInvitation(ctx, tx, inv); err != nil {
				return nil, err
			}
			return &api.CreateEngagementInvitationResponse{Arn: inv.Arn, Id: inv.Id}, nil
		})
}
