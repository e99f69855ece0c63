package sqlstore

import (
	"context"
	"time"

	"pcs/store"
)

func (t *Tx) PutInvitation(ctx context.Context, inv *store.Invitation) error {
	_, err := t.exec(ctx, `INSERT INTO invitations
		(catalog, id, sender_account, receiver_account, status, payload_type, engagement_id, invited_at, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (catalog, id) DO UPDATE SET sender_account = excluded.sender_account,
		receiver_account = excluded.receiver_account, status = excluded.status, payload_type = excluded.payload_type,
		engagement_id = excluded.engagement_id, invited_at = excluded.invited_at, doc = excluded.doc`,
		inv.Catalog, inv.ID, inv.SenderAccount, inv.ReceiverAccount, inv.Status, inv.PayloadType, inv.EngagementID,
		inv.InvitedAt.UnixNano(), nonNil(inv.Doc))
	if err != nil {
		return t.errorf("put invitation %s: %w", inv.ID, err)
	}
	return nil
}

const invitationColumns = `catalog, id, sender_account, receiver_account, status, payload_type, engagement_id, invited_at, doc`

func scanInvitation(row rowScanner) (store.Invitation, error) {
	var inv store.Invitation
	var at int64
	err := row.Scan(&inv.Catalog, &inv.ID, &inv.SenderAccount, &inv.ReceiverAccount, &inv.Status, &inv.PayloadType,
		&inv.EngagementID, &at, &inv.Doc)
	inv.InvitedAt = time.Unix(0, at).UTC()
	return inv, err
}

func (t *Tx) GetInvitation(ctx context.Context, catalog, id string) (*store.Invitation, error) {
	return queryOne(ctx, t, "get invitation "+id, `SELECT `+invitationColumns+` FROM invitations
		WHERE catalog = ? AND id = ?`, []any{catalog, id}, scanInvitation)
}

func (t *Tx) ListInvitations(ctx context.Context, q store.InvitationQuery) ([]store.Invitation, error) {
	w := invitationsQuery(q)
	return queryAll(ctx, t, "list invitations", w.sb.String(), w.args, scanInvitation)
}

func invitationsQuery(q store.InvitationQuery) *where {
	w := new(where)
	w.sb.WriteString(`SELECT ` + invitationColumns + ` FROM invitations WHERE catalog = ?`)
	w.args = append(w.args, q.Catalog)
	if q.Role == store.RoleSender {
		w.eq("sender_account", q.Account)
	} else {
		w.eq("receiver_account", q.Account)
	}
	w.in("status", q.Statuses)
	w.in("payload_type", q.PayloadTypes)
	w.in("sender_account", q.SenderAccounts)
	w.in("engagement_id", q.EngagementIDs)
	w.seekPage([]string{"invited_at", "id"}, q.Descending, cursorValues(q.After), q.Limit)
	return w
}

func (t *Tx) PutTask(ctx context.Context, k *store.Task) error {
	_, err := t.exec(ctx, `INSERT INTO tasks
		(account, catalog, id, family, status, started_at, opportunity_id, invitation_id, engagement_id, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account, catalog, id) DO UPDATE SET family = excluded.family, status = excluded.status,
		started_at = excluded.started_at, opportunity_id = excluded.opportunity_id,
		invitation_id = excluded.invitation_id, engagement_id = excluded.engagement_id, doc = excluded.doc`,
		k.Account, k.Catalog, k.ID, k.Family, k.Status, k.StartedAt.UnixNano(), k.OpportunityID, k.InvitationID,
		k.EngagementID, nonNil(k.Doc))
	if err != nil {
		return t.errorf("put task %s: %w", k.ID, err)
	}
	return nil
}

func (t *Tx) ListTasks(ctx context.Context, scope store.Scope, q store.TaskQuery) ([]store.Task, error) {
	w := tasksQuery(scope, q)
	return queryAll(ctx, t, "list tasks", w.sb.String(), w.args, scanTask)
}

func tasksQuery(scope store.Scope, q store.TaskQuery) *where {
	w := new(where)
	w.sb.WriteString(`SELECT account, catalog, id, family, status, started_at, opportunity_id, invitation_id, engagement_id, doc
		FROM tasks WHERE account = ? AND catalog = ? AND family = ?`)
	w.args = append(w.args, scope.Account, scope.Catalog, q.Family)
	w.in("id", q.IDs)
	w.in("status", q.Statuses)
	w.in("opportunity_id", q.OpportunityIDs)
	w.in("invitation_id", q.InvitationIDs)
	w.in("engagement_id", q.EngagementIDs)
	w.seekPage([]string{"started_at", "id"}, q.Descending, cursorValues(q.After), q.Limit)
	return w
}

func scanTask(row rowScanner) (store.Task, error) {
	var k store.Task
	var at int64
	err := row.Scan(&k.Account, &k.Catalog, &k.ID, &k.Family, &k.Status, &at, &k.OpportunityID,
		&k.InvitationID, &k.EngagementID, &k.Doc)
	k.StartedAt = time.Unix(0, at).UTC()
	return k, err
}
