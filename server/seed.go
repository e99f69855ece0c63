package server

import (
	"context"
	"errors"

	"pcs/fixture"
	"pcs/selling"
)

// Seed loads a fixture into pcs, as POST /_pcs/seed does (see
// admin.Handler.Seed): it adds to what pcs holds, and stops at the first
// entry the service refuses, keeping what was loaded before it.
func (s *Server) Seed(ctx context.Context, f *fixture.File) ([]fixture.Loaded, error) {
	return s.admin.Seed(ctx, f)
}

// SeedEmpty loads a fixture into an empty store, the way pcs serve -seed
// does at start: a store that holds records already (from an earlier
// start with a data directory) is left as it is, and skipped is true. A
// fixture that fails leaves the store empty again, so that the next start
// seeds it afresh.
func (s *Server) SeedEmpty(ctx context.Context, f *fixture.File) (loaded []fixture.Loaded, skipped bool, err error) {
	empty, err := selling.Empty(ctx, s.svc)
	if err != nil || !empty {
		return nil, err == nil, err
	}
	loaded, err = s.Seed(ctx, f)
	if err != nil {
		if _, rerr := selling.Reset(ctx, s.svc, "", ""); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return nil, false, err
	}
	return loaded, false, nil
}
