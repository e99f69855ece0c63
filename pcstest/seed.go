package pcstest

import (
	"context"
	"io"

	"pcs/fixture"
)

// Seed loads a fixture (docs/fixtures.md; samples in fixtures/) into the
// server, as POST /_pcs/seed does, and returns what each entry made: a
// test starts from a known world of solutions, opportunities, referrals
// and leads. Loading stops at the first entry the service refuses, named
// in the error.
func (s *Server) Seed(r io.Reader) ([]fixture.Loaded, error) {
	f, err := fixture.Parse(r)
	if err != nil {
		return nil, err
	}
	return s.PCS.Seed(context.Background(), f)
}
