package awsjson

import (
	"testing"

	"pcs/api"
)

// flatBodies are bodies of GetOpportunity on either side of what
// decodeFlat takes: flat says whether it does.
var flatBodies = []struct {
	body string
	flat bool
}{
	{`{"Catalog":"AWS","Identifier":"O1234567"}`, true},
	{" \n\t{ \"Catalog\" : \"AWS\" ,\r\"Identifier\":\"O1\" } \n", true},
	{`{}`, true},
	{`{"Catalog":""}`, true},
	{`{"Catalog":"AWS","Catalog":"Sandbox"}`, true}, // the last one counts, in both
	{`{"Catalog":"AWS","Unknown":"x"}`, true},       // ignored, as encoding/json and the walk ignore it
	{`{"catalog":"AWS"}`, false},                    // encoding/json would take it for Catalog
	{`{"IDENTIFIER":"O1","Catalog":"AWS"}`, false},
	{`{"":"x"}`, true},
	{`{"Catalog":"A\"WS"}`, false},
	{`{"Catalog":"A\u0057S"}`, false},
	{`{"Cat\u0061log":"AWS"}`, false},
	{"{\"Catalog\":\"AW\xc3\xa1\"}", false},
	{"{\"Catalog\":\"AW\x01\"}", false},
	{`{"Catalog":null}`, false},
	{`{"Catalog":5}`, false},
	{`{"Catalog":"AWS","Unknown":{"x":1}}`, false},
	{`{"Catalog":"AWS",}`, false},
	{`{"Catalog":"AWS"} {}`, false},
	{`{"Catalog":"AWS"`, false},
	{`{"Catalog" "AWS"}`, false},
	{`["Catalog"]`, false},
	{`{"Catalog":"1","Catalog":"2","Catalog":"3","Catalog":"4","Catalog":"5","Catalog":"6","Catalog":"7","Catalog":"8","Catalog":"9"}`, false},
}

// TestDecodeFlatIsTheWalk: whatever decodeFlat takes, the walk decodes to
// the same input; whatever it leaves, it leaves untouched, and decode
// answers it as the walk does.
func TestDecodeFlatIsTheWalk(t *testing.T) {
	for _, tt := range flatBodies {
		t.Run(tt.body, func(t *testing.T) {
			var in api.GetOpportunityRequest
			if got := decodeFlat([]byte(tt.body), &in); got != tt.flat {
				t.Fatalf("decodeFlat = %v, want %v", got, tt.flat)
			}
			if !tt.flat && (in != api.GetOpportunityRequest{}) {
				t.Fatalf("decodeFlat set %+v and gave up", in)
			}
			checkDecodeIsTheWalk(t, api.Operations[api.OpGetOpportunity], []byte(tt.body))
		})
	}
}

// TestDecodeFlatTakesOnlyStringInputs: an input with a member of any other
// kind is never read flat, even from a body of strings.
func TestDecodeFlatTakesOnlyStringInputs(t *testing.T) {
	for _, tt := range []struct {
		op   string
		want bool
	}{
		{api.OpGetOpportunity, true},
		{api.OpListOpportunities, false}, // MaxResults, lists
		{api.OpUpdateOpportunity, false},
	} {
		if got := decodeFlat([]byte(`{"Catalog":"AWS"}`), api.Operations[tt.op].NewInput()); got != tt.want {
			t.Errorf("%s read flat: %v, want %v", tt.op, got, tt.want)
		}
	}
}
