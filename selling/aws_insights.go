package selling

import (
	"strconv"
	"strings"

	"pcs/api"
)

// qualityCriterion is one thing AWS's opportunity quality score looks for:
// the score is the share of criteria an opportunity meets. The service
// scores "content completeness and sales methodology criteria"; these are
// pcs's choice of both.
type qualityCriterion struct {
	member string // what to fill in, as the opportunity names it
	met    func(o *opportunity) bool
}

// detailedBusinessProblem is how long a CustomerBusinessProblem must be to
// count as detailed (the model takes 20 characters and more).
const detailedBusinessProblem = 100

var qualityCriteria = []qualityCriterion{
	{"Customer.Account.WebsiteUrl", func(o *opportunity) bool {
		return o.Customer != nil && o.Customer.Account != nil && deref(o.Customer.Account.WebsiteUrl) != ""
	}},
	{"Customer.Contacts", func(o *opportunity) bool { return o.Customer != nil && len(o.Customer.Contacts) > 0 }},
	{"Project.CustomerBusinessProblem", func(o *opportunity) bool {
		return o.Project != nil && len([]rune(deref(o.Project.CustomerBusinessProblem))) >= detailedBusinessProblem
	}},
	{"Project.CustomerUseCase", func(o *opportunity) bool { return o.Project != nil && deref(o.Project.CustomerUseCase) != "" }},
	{"Project.SalesActivities", func(o *opportunity) bool { return o.Project != nil && len(o.Project.SalesActivities) > 0 }},
	{"Project.CompetitorName", func(o *opportunity) bool { return o.Project != nil && deref(o.Project.CompetitorName) != "" }},
	{"Project.ExpectedCustomerSpend.EstimationUrl", func(o *opportunity) bool {
		if o.Project == nil {
			return false
		}
		for _, sp := range o.Project.ExpectedCustomerSpend {
			if deref(sp.EstimationUrl) != "" {
				return true
			}
		}
		return false
	}},
	{"LifeCycle.NextSteps", func(o *opportunity) bool { return o.LifeCycle != nil && deref(o.LifeCycle.NextSteps) != "" }},
	{"RelatedEntityIdentifiers.AwsProducts", func(o *opportunity) bool {
		return o.RelatedEntityIdentifiers != nil && len(o.RelatedEntityIdentifiers.AwsProducts) > 0
	}},
	{"RelatedEntityIdentifiers.AwsMarketplaceSolutions", (*opportunity).hasSolution},
}

// Trend values of OpportunityQuality (the model's documented ones).
const (
	trendImproving = "Improving"
	trendDeclining = "Declining"
	trendNoChange  = "No Change"
)

// CosellMotion values (the model's documented ones; pcs has no agent).
const (
	cosellAWSFieldEngaged = "AWS Field-engaged"
	cosellPartnerLed      = "Partner-led"
)

// Recommendation types (the model's documented ones).
const (
	recommendOpportunityQuality = "OpportunityQuality"
	recommendSolution           = "SolutionRecommendation"
	recommendSpecialist         = "SpecialistRecommendation"
)

// qualityScore is the share of quality criteria o meets, 0 to 100, and the
// members it lacks.
func (o *opportunity) qualityScore() (score int, missing []string) {
	for _, c := range qualityCriteria {
		if !c.met(o) {
			missing = append(missing, c.member)
		}
	}
	met := len(qualityCriteria) - len(missing)
	return met * 100 / len(qualityCriteria), missing
}

// scored reports whether AWS has scored o: it does so when it approves a
// submitted opportunity.
func (o *opportunity) scored() bool {
	return o.Submission != nil && o.reviewStatus() == api.ReviewStatusApproved
}

// noteFirstScore keeps o's quality score from when AWS first scored it, the
// baseline of the score's Trend.
func (o *opportunity) noteFirstScore() {
	if !o.scored() || o.Submission.FirstQualityScore != nil {
		return
	}
	score, _ := o.qualityScore()
	o.Submission.FirstQualityScore = &score
}

// opportunityQuality is AWS's quality assessment of a scored opportunity.
func (o *opportunity) opportunityQuality() *api.OpportunityQuality {
	score, _ := o.qualityScore()
	trend := trendNoChange
	if first := o.Submission.FirstQualityScore; first != nil && score > *first {
		trend = trendImproving
	} else if first != nil && score < *first {
		trend = trendDeclining
	}
	return &api.OpportunityQuality{Score: ptr(int32(score)), Trend: ptr(trend)}
}

// recommendations are one or two of AWS's suggestions for a scored
// opportunity: what would raise its quality score, then a Marketplace
// solution to associate or, with one associated, a specialist to bring in.
func (o *opportunity) recommendations() []api.Recommendation {
	var out []api.Recommendation
	if score, missing := o.qualityScore(); len(missing) > 0 {
		out = append(out, api.Recommendation{
			Type:    ptr(recommendOpportunityQuality),
			Details: ptr("Fill in " + strings.Join(missing, ", ") + " to raise the opportunity's quality score."),
			Attributes: map[string]string{
				"Score":          strconv.Itoa(score),
				"MissingMembers": strings.Join(missing, ","),
			},
		})
	}
	if !o.hasSolution() {
		return append(out, api.Recommendation{
			Type:       ptr(recommendSolution),
			Details:    ptr("Associate the AWS Marketplace solution you will deliver (AssociateOpportunity, RelatedEntityType AwsMarketplaceSolutions) so AWS sellers can position it."),
			Attributes: map[string]string{"RelatedEntityType": string(api.RelatedEntityTypeAwsMarketplaceSolutions)},
		})
	}
	useCase := "the customer's use case"
	if o.Project != nil && deref(o.Project.CustomerUseCase) != "" {
		useCase = deref(o.Project.CustomerUseCase)
	}
	return append(out, api.Recommendation{
		Type:       ptr(recommendSpecialist),
		Details:    ptr("Ask your AWS seller for a specialist in " + useCase + " to join the technical validation."),
		Attributes: map[string]string{"CustomerUseCase": useCase},
	})
}

// cosellMotion classifies a scored opportunity: AWS's field sellers work
// Co-Sell opportunities with the partner; the partner leads the others.
func (o *opportunity) cosellMotion() string {
	if o.Submission.InvolvementType == api.SalesInvolvementTypeCoSell {
		return cosellAWSFieldEngaged
	}
	return cosellPartnerLed
}
