package apitest

import (
	"errors"
	"maps"
	"reflect"
	"strings"
	"testing"

	"pcs/api"
	"pcs/realism"
)

// outputDeviations are the output members ("Shape.Member") where pcs answers
// outside the model's constraints, each with the reason. The output check
// lets exactly these pass. A reason starting "fault:" is pcs's to fix: remove
// the entry with the fix.
var outputDeviations = map[string]string{
	"EngagementProspectingResult.EngagementContextId": "the newer model's ctx- pattern is not what " +
		"context ids look like anywhere else; pcs returns the real id (docs/business-rules.md, EngagementContextId)",
	"CreateEngagementInvitationResponse.Arn": "the real service's invitation ARNs (arn:aws:partnercentral:us-east-1::catalog/" +
		"<Catalog>/engagement-invitation/<Id>, no account) do not match the model's EngagementInvitationArn pattern",
	"SolutionBase.Arn": "the model's SolutionArn pattern is the solution id's (S-digits); the real service " +
		"answers an ARN (arn:aws:partnercentral:us-east-1:<account>:catalog/<Catalog>/solution/<Id>)",
	"EngagementCustomer.CountryCode": leadWithout,
	"EngagementCustomer.WebsiteUrl":  leadWithout,
}

const leadWithout = "the newest model lets a lead leave out its address and website; the CustomerProject " +
	"context of a lead converted without them has none (docs/business-rules.md, Leads without an address)"

// checkOutput is the server's awsjson.Config.CheckOutput: every output keeps
// its shape's constraints (its Validate) but for outputDeviations and, with
// the realism quirks on, theirs (realism.Config.OutputDeviations: encoded
// strings longer than their bounds), so that a test fails when pcs answers
// what the model says no client gets. The check sees the Go value before
// realism's RewriteOutput adds the __type members the model lacks: a
// quirk's, on purpose, which clients must tolerate (docs/realism.md).
func checkOutput(t testing.TB, quirks realism.Config) func(op string, out any) error {
	allowed := maps.Clone(outputDeviations)
	maps.Copy(allowed, quirks.OutputDeviations())
	return func(op string, out any) error {
		v, ok := out.(interface {
			Validate() []api.ValidationExceptionError
		})
		if !ok {
			return errors.New("the output has no Validate")
		}
		var msgs []string
		for _, e := range v.Validate() {
			m := memberOf(reflect.TypeOf(out), *e.FieldName)
			if _, ok := allowed[m]; !ok {
				msgs = append(msgs, m+": "+*e.Message)
			}
		}
		if len(msgs) == 0 {
			return nil
		}
		err := errors.New(strings.Join(msgs, " "))
		t.Errorf("%s answered outside its output shape: %v", op, err)
		return err
	}
}

// memberOf names the structure member ("Shape.Member") that a violation's
// FieldName (lowerCamel members joined by dots) ends at in a value of type t.
func memberOf(t reflect.Type, field string) string {
	name := field
	for _, seg := range strings.Split(field, ".") {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return field
		}
		f, ok := t.FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, seg) })
		if !ok {
			return field
		}
		name, t = t.Name()+"."+f.Name, f.Type
	}
	return name
}
