package selling

import (
	"context"
	"errors"
	"fmt"

	"pcs/api"
	"pcs/store"
)

func settingKey(scope store.Scope) string {
	return fmt.Sprintf("%s%s/%s/resource-snapshot-job-role", settingsPrefix, scope.Account, scope.Catalog)
}

// GetSellingSystemSettings returns the partner's settings in a catalog.
func (s *Service) GetSellingSystemSettings(ctx context.Context, in *api.GetSellingSystemSettingsRequest) (*api.GetSellingSystemSettingsResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	out := &api.GetSellingSystemSettingsResponse{Catalog: &scope.Catalog}
	err = s.db.View(ctx, func(tx store.Tx) error {
		role, err := snapshotJobRole(ctx, tx, scope)
		out.ResourceSnapshotJobRoleArn = optional(role)
		return err
	})
	return out, err
}

// snapshotJobRole is the ARN of the role the partner's resource snapshot
// jobs run as in a catalog; "" when none is set.
func snapshotJobRole(ctx context.Context, tx store.Tx, scope store.Scope) (string, error) {
	v, err := tx.GetSetting(ctx, settingKey(scope))
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return v, err
}

// PutSellingSystemSettings sets the role resource snapshot jobs run as,
// given by name (in the caller's account) or ARN; leaving it out clears it.
func (s *Service) PutSellingSystemSettings(ctx context.Context, in *api.PutSellingSystemSettingsRequest) (*api.PutSellingSystemSettingsResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	role := ""
	if id := deref(in.ResourceSnapshotJobRoleIdentifier); id != "" {
		role = iamRoleARN(scope.Account, id)
		if m := roleARN.FindStringSubmatch(id); m != nil {
			if m[1] != scope.Account {
				return nil, requestInvalid(fieldError("resourceSnapshotJobRoleIdentifier", api.ValidationExceptionErrorCodeInvalidValue,
					"The role %s belongs to account %s; give a role of your account %s.", id, m[1], scope.Account))
			}
			role = id
		}
	}
	err = s.db.Update(ctx, func(tx store.Tx) error {
		return tx.PutSetting(ctx, settingKey(scope), role)
	})
	if err != nil {
		return nil, err
	}
	return &api.PutSellingSystemSettingsResponse{Catalog: &scope.Catalog, ResourceSnapshotJobRoleArn: optional(role)}, nil
}
