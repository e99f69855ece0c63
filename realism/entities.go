package realism

import (
	"fmt"
	"reflect"
	"strings"

	"pcs/api"
)

// The service answers some strings HTML-entity encoded, "&" as "&amp;" and
// ":" as "&amp;colon;" (a colon encoded twice: as "&colon;", whose "&" is
// encoded again), and refuses an enum-like value echoed back in that form
// with INVALID_ENUM_VALUE (spec §1.9, §14). Free text echoed back is taken
// as sent, so it comes back encoded once more on every round trip.
var (
	encoder = strings.NewReplacer("&", "&amp;", ":", "&amp;colon;")
	// decoder undoes encoder; "&amp;colon;" is tried before "&amp;".
	decoder = strings.NewReplacer("&amp;colon;", ":", "&amp;", "&")
)

func encode(s string) string { return encoder.Replace(s) }
func decode(s string) string { return decoder.Replace(s) }

// The kinds of encoded members.
const (
	freeText = "free text"
	// enumLike is a string, or list of strings, that the model types as
	// plain strings and the service checks against a list of values.
	enumLike = "enum-like"
)

// Where the members of encodedMembers come from. The sample is AWS's
// opportunity-management sample app (aws-samples/partner-crm-integration-
// samples, partner-central-api-sample-codes/opportunityManagement).
const (
	sampleEdit = "sample: src/components/EditOpportunity.js decodes it from GetOpportunity's answer " +
		"before showing it and before echoing it in UpdateOpportunity"
	sampleRefusal = "sample: src/utils/commonUtils.js, the API encodes colons twice in its answers, " +
		"and an echoed \"Business Applications &amp; Contact Center\" is refused with INVALID_ENUM_VALUE"
	inferredEnum = "inferred: the one other enum-like member whose documented values hold \"&\" " +
		"(Front End Web & Mobile, ...); the sample decodes every \"&amp;\" of the request it echoes"
)

// encodedMember is a member of GetOpportunity's answer that the service
// encodes.
type encodedMember struct {
	// path is the member's path in GetOpportunityResponse, and the same in
	// CreateOpportunityRequest and UpdateOpportunityRequest.
	path   string
	kind   string
	source string
	// valid tells, for an enum-like member, a value of the service's list:
	// a request's value that is not valid but whose decoding is, is refused.
	// nil for free text, and for Project.CustomerUseCase, whose list the
	// service (package selling) holds and checks in every mode, refusing
	// every value off it, the encoded ones included.
	valid func(string) bool
}

// encodedMembers are the strings that -quirk-html-entities encodes, all in
// GetOpportunity's answer: those the sample decodes, and the enum-like one
// inferred from them. ListOpportunities' summaries are left as they are: the
// sample shows their CompanyName without decoding it.
var encodedMembers = []encodedMember{
	{"Customer.Account.CompanyName", freeText, sampleEdit, nil},
	{"LifeCycle.NextSteps", freeText, sampleEdit, nil},
	{"Project.CustomerBusinessProblem", freeText, sampleEdit, nil},
	{"Project.CustomerUseCase", enumLike, sampleEdit + "; " + sampleRefusal, nil},
	{"Marketing.UseCases", enumLike, inferredEnum, isMarketingUseCase},
}

// marketingUseCases are the values of Marketing.UseCases that the member's
// documentation in the model lists.
var marketingUseCases = map[string]bool{}

func init() {
	for _, v := range []string{
		"AI/ML", "Analytics", "Application Integration", "Blockchain", "Business Applications",
		"Cloud Financial Management", "Compute", "Containers", "Customer Engagement", "Databases",
		"Developer Tools", "End User Computing", "Front End Web & Mobile", "Game Tech", "IoT",
		"Management & Governance", "Media Services", "Migration & Transfer", "Networking & Content Delivery",
		"Quantum Technologies", "Robotics", "Satellite", "Security", "Serverless", "Storage", "VR & AR",
	} {
		marketingUseCases[v] = true
	}
}

func isMarketingUseCase(v string) bool { return marketingUseCases[v] }

// encodeAnswer returns out with the members of encodedMembers encoded. The
// structures on their paths are copied, never written through: the service
// may hold on to what it answered.
func encodeAnswer(out *api.GetOpportunityResponse) *api.GetOpportunityResponse {
	v := reflect.ValueOf(out)
	for _, m := range encodedMembers {
		v = encodeAt(v, strings.Split(m.path, "."))
	}
	return v.Interface().(*api.GetOpportunityResponse)
}

// encodeAt returns a copy of v, a pointer to a structure, whose member at
// path is encoded; v itself when it is nil.
func encodeAt(v reflect.Value, path []string) reflect.Value {
	if v.IsNil() {
		return v
	}
	c := reflect.New(v.Elem().Type())
	c.Elem().Set(v.Elem())
	f := c.Elem().FieldByName(path[0])
	if len(path) > 1 {
		f.Set(encodeAt(f, path[1:]))
		return c
	}
	switch s := f.Interface().(type) {
	case *string:
		if s != nil {
			e := encode(*s)
			f.Set(reflect.ValueOf(&e))
		}
	case []string:
		if s != nil {
			e := make([]string, len(s))
			for i := range s {
				e[i] = encode(s[i])
			}
			f.Set(reflect.ValueOf(e))
		}
	default:
		panic(fmt.Sprintf("realism: %s is a %s, not a string or a list of strings", path[0], f.Type()))
	}
	return c
}

// refuseEncoded is the ValidationException for the enum-like values of in
// (a *CreateOpportunityRequest or *UpdateOpportunityRequest) that are the
// encoded form of a valid value, nil when there are none.
func refuseEncoded(in any) error {
	var errs []api.ValidationExceptionError
	for _, m := range encodedMembers {
		if m.valid == nil {
			continue
		}
		for _, v := range stringsAt(reflect.ValueOf(in), strings.Split(m.path, ".")) {
			if d := decode(v); d != v && m.valid(d) {
				code := api.ValidationExceptionErrorCodeInvalidEnumValue
				msg := fmt.Sprintf("%s %q is not a valid value: it is the HTML-encoded form of %q.", m.path, v, d)
				errs = append(errs, api.ValidationExceptionError{FieldName: ptr(fieldName(m.path)), Code: &code, Message: &msg})
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	msg := *errs[0].Message
	if len(errs) > 1 {
		msg = fmt.Sprintf("%d validation errors detected: %s", len(errs), *errs[0].Message)
		for _, e := range errs[1:] {
			msg += " " + *e.Message
		}
	}
	return api.NewValidationException(api.ValidationExceptionReasonBusinessValidationFailed, msg, errs)
}

// stringsAt returns the strings of the member at path in v, a pointer to a
// structure: none where a structure on the path is nil.
func stringsAt(v reflect.Value, path []string) []string {
	for _, name := range path {
		if v.IsNil() {
			return nil
		}
		v = v.Elem().FieldByName(name)
	}
	switch s := v.Interface().(type) {
	case *string:
		if s != nil {
			return []string{*s}
		}
	case []string:
		return s
	}
	return nil
}

// fieldName is the ErrorList FieldName of a member path: its names in
// lowerCamel case ("Marketing.UseCases" is "marketing.useCases").
func fieldName(path string) string {
	names := strings.Split(path, ".")
	for i, n := range names {
		names[i] = strings.ToLower(n[:1]) + n[1:]
	}
	return strings.Join(names, ".")
}

// shapeMember names the member at m.path as the model does, "Shape.Member"
// (Customer.Account.CompanyName is Account.CompanyName).
func (m encodedMember) shapeMember() string {
	t := reflect.TypeFor[api.GetOpportunityResponse]()
	name := ""
	for _, seg := range strings.Split(m.path, ".") {
		f, _ := t.FieldByName(seg)
		name = t.Name() + "." + seg
		t = f.Type
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
	}
	return name
}

func ptr[T any](v T) *T { return &v }
