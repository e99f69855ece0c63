package admin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"pcs/fixture"
)

// maxFixture bounds a fixture sent to POST /_pcs/seed.
const maxFixture = 32 << 20

// SeedResult is what POST /_pcs/seed made, entry by entry; Error, when
// set, is the entry that failed, and Loaded what was loaded before it.
type SeedResult struct {
	Loaded []fixture.Loaded
	Error  string `json:"error,omitempty"`
}

// Seed loads a fixture (package fixture) into the running pcs, through the
// API's operations and AWS's side, as the admin endpoints drive it. It
// adds to what pcs holds; loading stops at the first entry the service
// refuses, and what was loaded before it stays.
func (h *Handler) Seed(ctx context.Context, f *fixture.File) ([]fixture.Loaded, error) {
	return fixture.Load(ctx, fixture.Target{Service: h.svc, AWS: h.aws}, f)
}

func (h *Handler) seed(w http.ResponseWriter, r *http.Request) {
	f, err := fixture.Parse(io.LimitReader(r.Body, maxFixture))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	loaded, err := h.Seed(r.Context(), f)
	res := SeedResult{Loaded: loaded}
	if res.Loaded == nil {
		res.Loaded = []fixture.Loaded{}
	}
	var bad *fixture.Error
	switch {
	case errors.As(err, &bad):
		res.Error = err.Error()
		if n := len(loaded); n > 0 {
			res.Error += fmt.Sprintf(" (the %d entries before it were loaded)", n)
		}
		writeJSON(w, http.StatusBadRequest, res)
	case err != nil:
		h.fail(w, err)
	default:
		h.log.Info("seeded", "entries", len(loaded))
		writeJSON(w, http.StatusOK, res)
	}
}
