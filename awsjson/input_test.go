package awsjson

import (
	"strings"
	"testing"

	"pcs/api"
)

func TestDecodeInputMeetsTheRulesOfARequest(t *testing.T) {
	op := api.Operations[api.OpCreateOpportunity]
	tests := []struct{ body, want string }{
		{`{"Catalog": "Sandbox", "ClientToken": "t"}`, ""},
		{`{"Catalog": 5}`, "SerializationException"},
		{`{"ClientToken": "t"}`, "ValidationException"},
		{`{"Catalog": "Sandbox", "ClientToken": "t", "Project": {"ApnPrograms": ["` + strings.Repeat("x", 256) + `"]}}`, "ValidationException"},
	}
	for _, tt := range tests {
		in, err := DecodeInput(op, []byte(tt.body))
		switch {
		case tt.want == "" && (err != nil || api.CatalogOf(in) != "Sandbox"):
			t.Errorf("%s: %v", tt.body, err)
		case tt.want != "" && (err == nil || encodeError(err).code != tt.want):
			t.Errorf("%.60s: %v, want a %s", tt.body, err, tt.want)
		}
	}
}
