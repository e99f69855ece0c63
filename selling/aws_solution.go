package selling

import (
	"context"
	"encoding/json"
	"errors"

	"pcs/api"
	"pcs/store"
)

// solutionCategories are the documented values of a solution's Category.
var solutionCategories = setOf(
	"Software Product", "Consulting Service", "Hardware Product", "Communications Product",
	"Professional Service", "Managed Service", "Value-Added Resale Amazon Web Services Service",
	"Distribution Service", "Training Service", "Merger and Acquisition Advising Service",
)

// SolutionSpec describes a solution to add through the admin side.
type SolutionSpec struct {
	Account  string `json:"Account"`
	Catalog  string `json:"Catalog"`
	ID       string `json:"Id,omitempty"` // assigned when empty
	Name     string `json:"Name"`
	Category string `json:"Category"`
	Status   string `json:"Status,omitempty"` // Active when empty
	// AwsMarketplaceSolutionArn is the solution's AWS Marketplace listing,
	// if it has one.
	AwsMarketplaceSolutionArn string `json:"AwsMarketplaceSolutionArn,omitempty"`
}

// PutSolution adds or replaces a partner solution. The real API has no
// such operation (solutions are registered in Partner Central), so this is
// for the admin side.
func (a *AWS) PutSolution(ctx context.Context, spec SolutionSpec) (*api.SolutionBase, error) {
	s := a.svc
	var problems []string
	if !accountPattern.MatchString(spec.Account) {
		problems = append(problems, "Account must be a 12-digit AWS account id")
	}
	if spec.Catalog != CatalogAWS && spec.Catalog != CatalogSandbox {
		problems = append(problems, "Catalog must be AWS or Sandbox")
	}
	if spec.ID != "" && !solutionIDPattern.MatchString(spec.ID) {
		problems = append(problems, "Id must be S- followed by digits")
	}
	if spec.Name == "" {
		problems = append(problems, "Name is required")
	}
	if !solutionCategories[spec.Category] {
		problems = append(problems, "Category must be one of: Software Product, Consulting Service, Hardware Product, Communications Product, Professional Service, Managed Service, Value-Added Resale Amazon Web Services Service, Distribution Service, Training Service, Merger and Acquisition Advising Service")
	}
	if spec.AwsMarketplaceSolutionArn != "" && !marketplaceSolutionPattern.MatchString(spec.AwsMarketplaceSolutionArn) {
		problems = append(problems, "AwsMarketplaceSolutionArn must be an AWS Marketplace solution ARN, for example "+marketplaceSolutionExample)
	}
	if spec.Status == "" {
		spec.Status = string(api.SolutionStatusActive)
	}
	if !api.SolutionStatus(spec.Status).IsKnown() {
		problems = append(problems, "Status must be Active, Inactive or Draft")
	}
	if len(problems) > 0 {
		return nil, &InvalidInputError{Problems: problems}
	}
	scope := store.Scope{Account: spec.Account, Catalog: spec.Catalog}
	var out api.SolutionBase
	err := s.db.Update(ctx, func(tx store.Tx) error {
		// This run's own spec: an id taken from the sequence is this run's,
		// and a run rolled back must leave the next one to take it again.
		spec := spec
		created := s.now()
		if spec.ID == "" {
			n, err := tx.NextSequence(ctx, "solution")
			if err != nil {
				return err
			}
			spec.ID = solutionID(n)
		} else if old, err := tx.GetSolution(ctx, scope, spec.ID); err == nil {
			created = old.CreatedAt
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		sol, err := newSolution(spec, created)
		if err != nil {
			return err
		}
		if err := tx.PutSolution(ctx, sol); err != nil {
			return err
		}
		return json.Unmarshal(sol.Doc, &out)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
