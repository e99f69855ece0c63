package selling

import (
	"context"
	"fmt"
	"time"

	"pcs/api"
	"pcs/store"
)

// AWS is AWS's side of the service: what AWS does on its own, later, as
// jobs (reviewing submitted opportunities in the AWS catalog, sending a
// Sandbox referral's invitation, expiring unanswered invitations,
// prospecting engagements), and what the user has it do now through the
// admin side (decide a review, send a referral or a lead, expire an
// invitation, register a partner solution). None of it is an operation of
// the API: partners only see its effects. It works on the Service's store
// with the Service's own helpers.
type AWS struct {
	svc *Service
}

// NewAWS returns AWS's side of svc. It holds nothing of its own, so any
// number of them may act on one service.
func NewAWS(svc *Service) *AWS { return &AWS{svc: svc} }

// RunJob does one scheduled job of the AWS side inside tx, the transaction
// that records it done. A job whose moment has passed (the opportunity
// moved on, the invitation was answered) does nothing.
func (a *AWS) RunJob(ctx context.Context, tx store.Tx, j store.Job) error {
	switch j.Kind {
	case jobReviewStart, jobReviewDecide:
		return a.runReviewJob(ctx, tx, j)
	case jobReferralInvite:
		return a.runReferralJob(ctx, tx, j)
	case jobInviteExpire:
		return a.runExpiryJob(ctx, tx, j)
	case jobProspecting:
		return a.runProspectingJob(ctx, tx, j)
	}
	return fmt.Errorf("job %d: unknown kind %q", j.ID, j.Kind)
}

// Who AWS is in the service's data: the member and sender "aws" in the AWS
// catalog, an AWS-owned account in the Sandbox.
const (
	awsCompanyName      = "AWS"
	awsWebsite          = "www.aws.com"
	awsSenderAWSCatalog = "aws"
	// awsSenderSandbox is the AWS-owned account that sends Sandbox referrals.
	awsSenderSandbox = "048574921384"
)

// awsSender is the account AWS sends invitations from in catalog.
func awsSender(catalog string) string {
	if catalog == CatalogAWS {
		return awsSenderAWSCatalog
	}
	return awsSenderSandbox
}

// awsInvitation is what every invitation AWS sends has: AWS the sender and
// the engagement's only member, PENDING for 15 days.
func awsInvitation(receiver store.Scope, payloadType api.EngagementInvitationPayloadType, message string, now time.Time) *invitation {
	inv := newInvitation(receiver.Catalog, payloadType, now)
	inv.EngagementId = ptr(engagementIDForm.new())
	inv.InvitationMessage = ptr(message)
	inv.SenderAwsAccountId = ptr(awsSender(receiver.Catalog))
	inv.SenderCompanyName = ptr(awsCompanyName)
	inv.ExistingMembers = []api.EngagementMemberSummary{memberSummary(awsSenderAWSCatalog, awsCompanyName)}
	inv.Receiver = &api.Receiver{Account: &api.AccountReceiver{AwsAccountId: ptr(receiver.Account)}}
	return inv
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

// sendFromAWS opens the engagement AWS creates for a referral or a lead (AWS
// its only member until the partner accepts), with the contexts AWS holds,
// and sends the invitation into it. Its title is the invitation's, cut as
// the service cuts engagement titles.
func (a *AWS) sendFromAWS(ctx context.Context, tx store.Tx, inv *invitation, contexts ...api.EngagementContextDetails) error {
	s := a.svc
	if inv.EngagementTitle != nil {
		inv.EngagementTitle = ptr(truncateRunes(*inv.EngagementTitle, engagementTitleMax))
	}
	aws := store.Scope{Account: awsSenderAWSCatalog, Catalog: deref(inv.Catalog)}
	e, err := s.createEngagement(ctx, tx, aws, inv.EngagementTitle, inv.EngagementDescription, contexts)
	if err != nil {
		return err
	}
	inv.EngagementId = e.Id
	inv.EnrichmentContext = leadEnrichment(deref(e.Id), e.Contexts)
	return s.sendInvitation(ctx, tx, inv)
}
