package server

import (
	"context"

	"pcs/admin"
)

// Reset does what POST /_pcs/reset does: it deletes everything, or one
// account's records, with their fault rules and quota budgets, and puts
// the clock back when asked (see admin.Handler.Reset).
func (s *Server) Reset(ctx context.Context, req admin.ResetRequest) (*admin.ResetResult, error) {
	return s.admin.Reset(ctx, req)
}
