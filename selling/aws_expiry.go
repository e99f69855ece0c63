package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"pcs/api"
	"pcs/store"
)

// ExpireInvitation makes a pending invitation expire now, as it would after
// 15 days.
func (a *AWS) ExpireInvitation(ctx context.Context, catalog, id string) error {
	s := a.svc
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

// runExpiryJob expires an invitation still unanswered when its
// ExpirationDate comes.
func (a *AWS) runExpiryJob(ctx context.Context, tx store.Tx, j store.Job) error {
	var p inviteJob
	if err := decodeJob(j, &p); err != nil {
		return err
	}
	rec, err := tx.GetInvitation(ctx, j.Scope.Catalog, p.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // a reset took it (see reset.go)
	}
	if err != nil {
		return fmt.Errorf("job %d: %w", j.ID, err)
	}
	if rec.Status != string(api.InvitationStatusPending) {
		return nil
	}
	inv := new(invitation)
	if err := json.Unmarshal(rec.Doc, inv); err != nil {
		return err
	}
	inv.Status = ptr(api.InvitationStatusExpired)
	return a.svc.saveInvitation(ctx, tx, inv)
}
