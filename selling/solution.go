package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"pcs/api"
	"pcs/store"
)

// sandboxSolutionID is the solution every account finds in its Sandbox
// catalog, as the service's Sandbox guide tells partners to use.
const sandboxSolutionID = "S-1234567"

// sandboxSolutionCreated is when the default Sandbox solution says it was
// made: the day the API launched.
var sandboxSolutionCreated = time.Date(2024, 11, 14, 0, 0, 0, 0, time.UTC)

// Page sizes of ListSolutions (the model's PageSize allows 1 to 100).
const (
	defaultSolutionPage = 20
	maxSolutionPage     = 100
)

// newSolution builds the stored form of a partner solution; the real API
// has no operation that creates one, so they come from the admin side.
// spec must be complete (Id and Status set).
func newSolution(spec SolutionSpec, created time.Time) (*store.Solution, error) {
	scope := store.Scope{Account: spec.Account, Catalog: spec.Catalog}
	doc, err := json.Marshal(api.SolutionBase{
		Arn:                       ptr(solutionARN(scope, spec.ID)),
		AwsMarketplaceSolutionArn: optional(spec.AwsMarketplaceSolutionArn),
		Catalog:                   ptr(scope.Catalog),
		Category:                  ptr(spec.Category),
		CreatedDate:               api.NewDateTime(created),
		Id:                        ptr(spec.ID),
		Name:                      ptr(spec.Name),
		Status:                    ptr(api.SolutionStatus(spec.Status)),
	})
	if err != nil {
		return nil, err
	}
	return &store.Solution{Scope: scope, ID: spec.ID, Name: spec.Name, Status: spec.Status, Category: spec.Category, CreatedAt: created, Doc: doc}, nil
}

// decodeSolutions reads the documents of stored solutions.
func decodeSolutions(recs []store.Solution) ([]api.SolutionBase, error) {
	out := make([]api.SolutionBase, 0, len(recs))
	for _, r := range recs {
		var b api.SolutionBase
		if err := json.Unmarshal(r.Doc, &b); err != nil {
			return nil, fmt.Errorf("solution %s: corrupt document: %w", r.ID, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// solutionsWithMarketplaceARN are the partner's solutions in scope that
// carry the AWS Marketplace solution arn.
func solutionsWithMarketplaceARN(ctx context.Context, tx store.Tx, scope store.Scope, arn string) ([]api.SolutionBase, error) {
	return listSolutionDocs(ctx, tx, scope, store.SolutionQuery{Sort: "Identifier"}, []string{arn})
}

// listSolutionDocs reads the solutions of q's page that carry one of arns
// (any solution when arns is empty). The store does not index the
// Marketplace ARN, so with that filter the catalog's solutions are read
// whole and paged here: a partner has few.
func listSolutionDocs(ctx context.Context, tx store.Tx, scope store.Scope, q store.SolutionQuery, arns []string) ([]api.SolutionBase, error) {
	if len(arns) == 0 {
		recs, err := tx.ListSolutions(ctx, scope, q)
		if err != nil {
			return nil, err
		}
		return decodeSolutions(recs)
	}
	all := q
	all.Offset, all.Limit = 0, 0
	recs, err := tx.ListSolutions(ctx, scope, all)
	if err != nil {
		return nil, err
	}
	sols, err := decodeSolutions(recs)
	if err != nil {
		return nil, err
	}
	sols = slices.DeleteFunc(sols, func(b api.SolutionBase) bool {
		return b.AwsMarketplaceSolutionArn == nil || !slices.Contains(arns, *b.AwsMarketplaceSolutionArn)
	})
	sols = sols[min(q.Offset, len(sols)):]
	if q.Limit > 0 {
		sols = sols[:min(q.Limit, len(sols))]
	}
	return sols, nil
}

// solution reads a solution, creating the default Sandbox one on first use.
// tx must be writable.
func (s *Service) solution(ctx context.Context, tx store.Tx, scope store.Scope, id string) (*store.Solution, error) {
	sol, err := tx.GetSolution(ctx, scope, id)
	if errors.Is(err, store.ErrNotFound) && scope.Catalog == CatalogSandbox && id == sandboxSolutionID {
		if err := seedSandboxSolution(ctx, tx, scope); err != nil {
			return nil, err
		}
		return tx.GetSolution(ctx, scope, id)
	}
	return sol, err
}

func seedSandboxSolution(ctx context.Context, tx store.Tx, scope store.Scope) error {
	sol, err := newSolution(SolutionSpec{Account: scope.Account, Catalog: scope.Catalog, ID: sandboxSolutionID,
		Name: "Sandbox Test Solution", Category: "Software Product", Status: string(api.SolutionStatusActive)}, sandboxSolutionCreated)
	if err != nil {
		return err
	}
	return tx.PutSolution(ctx, sol)
}

// ensureSandboxSolution makes sure the default Sandbox solution exists
// before a listing, without a write when it already does.
func (s *Service) ensureSandboxSolution(ctx context.Context, scope store.Scope) error {
	if scope.Catalog != CatalogSandbox {
		return nil
	}
	err := s.db.View(ctx, func(tx store.Tx) error {
		_, err := tx.GetSolution(ctx, scope, sandboxSolutionID)
		return err
	})
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return s.db.Update(ctx, func(tx store.Tx) error {
		_, err := s.solution(ctx, tx, scope, sandboxSolutionID)
		return err
	})
}

// ListSolutions lists the partner's solutions in a catalog.
func (s *Service) ListSolutions(ctx context.Context, in *api.ListSolutionsRequest) (*api.ListSolutionsResponse, error) {
	scope, err := s.scope(ctx, in.Catalog)
	if err != nil {
		return nil, err
	}
	if err := s.ensureSandboxSolution(ctx, scope); err != nil {
		return nil, err
	}
	q := store.SolutionQuery{IDs: in.Identifier, Categories: in.Category, Sort: "Identifier", Limit: defaultSolutionPage}
	for _, st := range in.Status {
		q.Statuses = append(q.Statuses, string(st))
	}
	if srt := in.Sort; srt != nil {
		q.Sort = string(deref(srt.SortBy))
		q.Descending = deref(srt.SortOrder) == api.SortOrderDescending
	}
	if n := deref(in.MaxResults); n > 0 {
		q.Limit = min(int(n), maxSolutionPage)
	}
	tokens, err := s.pageTokens(in)
	if err != nil {
		return nil, err
	}
	if tok := deref(in.NextToken); tok != "" {
		if err := tokens.decode(tok, &q.Offset); err != nil {
			return nil, err
		}
	}
	limit := q.Limit
	q.Limit++
	out := &api.ListSolutionsResponse{SolutionSummaries: []api.SolutionBase{}}
	err = s.db.View(ctx, func(tx store.Tx) error {
		sols, err := listSolutionDocs(ctx, tx, scope, q, in.AwsMarketplaceSolutionArn)
		if err != nil {
			return err
		}
		if len(sols) > limit {
			sols = sols[:limit]
			if out.NextToken, err = tokens.encode(q.Offset + limit); err != nil {
				return err
			}
		}
		out.SolutionSummaries = append(out.SolutionSummaries, sols...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
