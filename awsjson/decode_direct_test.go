package awsjson

import (
	"reflect"
	"testing"

	"pcs/api"
)

// directBodies are bodies of UpdateOpportunity on either side of what
// decodeDirect takes: direct says whether it does.
var directBodies = []struct {
	body   string
	direct bool
}{
	{`{"Catalog":"AWS","Identifier":"O1","LastModifiedDate":"2025-06-02T16:04:12.907Z","LifeCycle":{"NextSteps":"x","NextStepsHistory":[{"Time":1741944105.118,"Value":"v"}]}}`, true},
	{" \n\t{\"Catalog\" : \"AWS\", \"Unknown\": {\"catalog\": 1, \"x\": [\"Catalog\", {\"y\": null}]}}", false}, // "catalog" in an unknown member: the walk decides
	{`{"Catalog":"AWS","Unknown":{"x":["catalog",{"y":null}]},"Project":{"Title":null}}`, true},                 // "catalog" is a value, not a key
	{`{"Catalog":"AWS","Catalog":"Sandbox"}`, true}, // the last one counts, in both
	{`{}`, true},
	{`{"catalog":"AWS"}`, false}, // encoding/json would take it for Catalog
	{`{"Customer":{"account":{"CompanyName":"x"}}}`, false}, // at depth too
	{`{"Cat\u0061log":"AWS"}`, false},                       // an escaped key
	{`{"Catalog\"":"AWS"}`, false},
	{"{\"Cat\xc3\xa1log\":\"AWS\"}", false}, // a key beyond ASCII
	{`null`, false},
	{`[]`, false},
	{`{"Catalog":1}`, false},
	{`{"LastModifiedDate":"yesterday"}`, false},
	{`{"LastModifiedDate":{"a": [1]}}`, false},
	{`{"LifeCycle":{"NextStepsHistory":[{},{"Time":true}]}}`, false},
	{`{"Catalog":"AWS"} {}`, false},
	{`{"Catalog":"AWS"`, false},
	{"{\"Catalog\":\"a\xffb\"}", true}, // invalid UTF-8 is replaced by both
	{`{"Catalog":"\ud800"}`, true},
}

// TestDecodeDirectIsTheWalk: whatever decodeDirect takes, the walk decodes
// to the same input, and whatever it leaves, decode answers as the walk
// does, error and message included.
func TestDecodeDirectIsTheWalk(t *testing.T) {
	for _, tt := range directBodies {
		t.Run(tt.body, func(t *testing.T) {
			var direct api.UpdateOpportunityRequest
			if got := decodeDirect([]byte(tt.body), &direct); got != tt.direct {
				t.Fatalf("decodeDirect = %v, want %v", got, tt.direct)
			}
			checkDecodeIsTheWalk(t, api.Operations[api.OpUpdateOpportunity], []byte(tt.body))
		})
	}
	for _, c := range loadCaptures(t) {
		op := api.Operations[operation(c)]
		if op == nil {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			if !decodeDirect([]byte(c.Body), op.NewInput()) {
				t.Fatalf("a client's request is not decoded directly: %s", c.Body)
			}
			checkDecodeIsTheWalk(t, op, []byte(c.Body))
		})
	}
}

// checkDecodeIsTheWalk fails t unless decode and decodeWalk agree on body
// as op's input.
func checkDecodeIsTheWalk(t *testing.T, op *api.Operation, body []byte) {
	t.Helper()
	got, want := op.NewInput(), op.NewInput()
	gotErr, wantErr := decode(body, got), decodeWalk(emptyAsObject(body), want)
	if !reflect.DeepEqual(gotErr, wantErr) {
		t.Fatalf("decode: %v\nwalk:   %v", gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decode: %+v\nwalk:   %+v", got, want)
	}
}

// FuzzDecodeDirect: decode answers every body as the walk does, whichever
// of its paths (decodeFlat, decodeDirect) takes it.
func FuzzDecodeDirect(f *testing.F) {
	for _, tt := range directBodies {
		f.Add(api.OpUpdateOpportunity, []byte(tt.body))
	}
	for _, tt := range flatBodies {
		f.Add(api.OpGetOpportunity, []byte(tt.body))
	}
	for _, c := range loadCaptures(f) {
		f.Add(operation(c), []byte(c.Body))
	}
	f.Fuzz(func(t *testing.T, name string, body []byte) {
		op := api.Operations[name]
		if op == nil {
			op = api.Operations[api.OpCreateOpportunity]
		}
		checkDecodeIsTheWalk(t, op, body)
	})
}
