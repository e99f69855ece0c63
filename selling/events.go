package selling

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/google/uuid"

	"pcs/store"
)

// The service's EventBridge events: source, region and the detail-types
// pcs emits (spec §8).
const (
	eventSource = "aws.partnercentral-selling"
	eventRegion = "us-east-1"

	evOpportunityCreated  = "Opportunity Created"
	evOpportunityUpdated  = "Opportunity Updated"
	evInvitationCreated   = "Engagement Invitation Created"
	evInvitationAccepted  = "Engagement Invitation Accepted"
	evInvitationRejected  = "Engagement Invitation Rejected"
	evInvitationExpired   = "Engagement Invitation Expired"
	evEngagementCreated   = "Engagement Created"
	evEngagementMemberAdd = "Engagement Member Added"
	evEngagementUpdated   = "Engagement Updated"
	evSnapshotCreated     = "Engagement Resource Snapshot Created"
)

// envelope is an EventBridge event as the partner's default bus gets it.
type envelope struct {
	Version    string   `json:"version"`
	ID         string   `json:"id"`
	DetailType string   `json:"detail-type"`
	Source     string   `json:"source"`
	Account    string   `json:"account"`
	Time       string   `json:"time"`
	Region     string   `json:"region"`
	Resources  []string `json:"resources"`
	Detail     any      `json:"detail"`
}

// receivesEvents tells whether account is a partner's, with an event bus:
// AWS's own side gets none.
func receivesEvents(account string) bool {
	return accountPattern.MatchString(account) && account != awsSenderSandbox
}

// emit writes an event for account into the outbox, in tx: it is published
// only if the change it reports commits.
func (s *Service) emit(ctx context.Context, tx store.Tx, account, catalog, detailType string, resources []string, detail any) error {
	if !receivesEvents(account) {
		return nil
	}
	if resources == nil {
		resources = []string{}
	}
	now := s.now()
	e := envelope{Version: "0", ID: uuid.NewString(), DetailType: detailType, Source: eventSource, Account: account,
		Time: now.Format("2006-01-02T15:04:05Z"), Region: eventRegion, Resources: resources, Detail: detail}
	doc, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return tx.AppendEvent(ctx, &store.Event{ID: e.ID, Account: account, Catalog: catalog, DetailType: detailType,
		Time: now, Written: s.cfg.Wall.Now(), Doc: doc})
}

// opportunityEvent reports a created or changed opportunity to its owner.
func (s *Service) opportunityEvent(ctx context.Context, tx store.Tx, scope store.Scope, id string, created bool) error {
	dt := evOpportunityUpdated
	if created {
		dt = evOpportunityCreated
	}
	return s.emit(ctx, tx, scope.Account, scope.Catalog, dt, nil, map[string]any{
		"schemaVersion": "1", "catalog": scope.Catalog, "opportunity": map[string]string{"identifier": id},
	})
}

// invitationEvents reports an invitation's creation or change of status to
// both its parties, each with its own participantType.
func (s *Service) invitationEvents(ctx context.Context, tx store.Tx, rec *store.Invitation, inv *invitation, previous string) error {
	var dt string
	switch {
	case previous == "":
		dt = evInvitationCreated
	case previous == rec.Status:
		return nil
	case rec.Status == "ACCEPTED":
		dt = evInvitationAccepted
	case rec.Status == "REJECTED":
		dt = evInvitationRejected
	case rec.Status == "EXPIRED":
		dt = evInvitationExpired
	default:
		return nil
	}
	for _, party := range []struct{ account, role string }{{rec.SenderAccount, store.RoleSender}, {rec.ReceiverAccount, store.RoleReceiver}} {
		detail := map[string]any{
			"arn": deref(inv.Arn), "id": rec.ID, "engagementId": rec.EngagementID,
			"senderAccountId": rec.SenderAccount, "receiverAccountId": rec.ReceiverAccount,
			"participantType": party.role, "payloadType": rec.PayloadType,
		}
		if dt == evInvitationCreated {
			detail["senderCompanyName"] = deref(inv.SenderCompanyName)
			if inv.ExpirationDate != nil {
				detail["expirationDate"] = inv.ExpirationDate.UTC().Format("2006-01-02T15:04:05Z")
			}
		}
		err := s.emit(ctx, tx, party.account, rec.Catalog, dt, []string{deref(inv.Arn)},
			map[string]any{"schemaVersion": "1", "catalog": rec.Catalog, "engagementInvitation": detail})
		if err != nil {
			return err
		}
	}
	return nil
}

// previousInvitationStatus is the stored status of an invitation, "" when new.
func previousInvitationStatus(ctx context.Context, tx store.Tx, catalog, id string) (string, error) {
	old, err := tx.GetInvitation(ctx, catalog, id)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return old.Status, nil
}

// Events returns up to limit events of account ("" for all) after the
// outbox position after, in order, as JSON envelopes with their positions,
// and the highest position Maintain has pruned: a reader whose cursor is
// below it missed the events in between, and gets what remains. No API
// operation reads the outbox: it is for pcs's own event stream (the admin
// side) and delivery.
func Events(ctx context.Context, s *Service, account string, after int64, limit int) (evs []store.Event, prunedThrough int64, err error) {
	err = s.db.View(ctx, func(tx store.Tx) error {
		if prunedThrough, err = tx.EventsPrunedThrough(ctx); err != nil {
			return err
		}
		evs, err = tx.EventsAfter(ctx, account, after, limit)
		return err
	})
	return evs, prunedThrough, err
}
