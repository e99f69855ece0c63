package console

import (
	"context"
	"net/http"
	"regexp"
	"strings"

	"pcs/caller"
	"pcs/store"
)

var accountPattern = regexp.MustCompile(`^\d{12}$`)

// scopeOf is the account and catalog a request shows, and the scopes that
// hold data to pick from: the request's own account and catalog when it
// names them, else the first scope with data.
func (h *Handler) scopeOf(r *http.Request) (store.Scope, []store.Scope) {
	memo, _ := r.Context().Value(scopesKey{}).(*scopesMemo)
	if memo == nil {
		memo = &scopesMemo{}
	}
	if !memo.done {
		memo.scopes, memo.done = h.scopesWithData(r), true
	}
	scopes := memo.scopes
	s := store.Scope{Account: r.FormValue("account"), Catalog: r.FormValue("catalog")}
	if picked := r.FormValue("scope"); picked != "" {
		s.Account, s.Catalog, _ = strings.Cut(picked, "|")
	}
	if s.Account != "" && s.Catalog == "" {
		s.Catalog = "AWS"
	}
	if s.Account == "" && len(scopes) > 0 {
		s = scopes[0]
	}
	return s, scopes
}

// scopesMemo keeps a request's scopes with data: the page and its layout
// both ask.
type scopesMemo struct {
	done   bool
	scopes []store.Scope
}

type scopesKey struct{}

func (h *Handler) scopesWithData(r *http.Request) []store.Scope {
	var all []store.Scope
	if h.cfg.Store != nil {
		err := h.cfg.Store.View(r.Context(), func(tx store.Tx) error {
			var err error
			all, err = tx.Scopes(r.Context())
			return err
		})
		if err != nil {
			h.log.Error("console: list scopes", "err", err)
		}
	}
	var scopes []store.Scope
	for _, s := range all {
		if accountPattern.MatchString(s.Account) { // not AWS's own side
			scopes = append(scopes, s)
		}
	}
	return scopes
}

// as is ctx calling the API as the scope's account, as its CRM would.
func as(ctx context.Context, s store.Scope) context.Context {
	return caller.NewContext(ctx, caller.Identity{AccountID: s.Account, Region: "us-east-1"})
}
