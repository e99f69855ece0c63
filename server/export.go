package server

import (
	"context"
	"io"

	"pcs/admin"
)

// Export writes a pcs-export file of everything, or of one account, to w,
// read in one transaction, as GET /_pcs/export does (see
// admin.Handler.Export); it returns how many records it wrote.
func (s *Server) Export(ctx context.Context, req admin.ExportRequest, w io.Writer) (int64, error) {
	return s.admin.Export(ctx, req, w)
}

// Import loads a pcs-export file in one transaction, as POST /_pcs/import
// does: into a store empty of what it brings or, with replace, in place of
// it (see admin.Handler.Import).
func (s *Server) Import(ctx context.Context, r io.ReadSeeker, replace bool) (*admin.ImportResult, error) {
	return s.admin.Import(ctx, r, replace)
}
