package api

import (
	"encoding/json"
	"testing"
)

// FuzzDecodeValidate decodes arbitrary bytes into every operation's input and validates
// the result: neither may panic, and whatever decodes must encode again.
func FuzzDecodeValidate(f *testing.F) {
	for _, b := range wireBodies(f) {
		f.Add(b)
	}
	for _, s := range []string{
		`{}`, `null`, `[]`, `{"Payload": {}}`, `{"Payload": {"Lead": {}, "CustomerProject": {}}}`,
		`{"LastModifiedDate": 1e300}`, `{"LastModifiedDate": "2025-06-02"}`, `{"MaxResults": 0}`,
		`{"Tags": [{}], "TagKeys": [""], "LifeCycleStage": ["x"]}`,
		`{"Customer": {"Account": {"Address": {"CountryCode": "ZZ"}}}, "Project": {"ExpectedCustomerSpend": [{}]}}`,
	} {
		f.Add([]byte(s))
	}
	names := OperationNames()
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, name := range names {
			in := Operations[name].NewInput()
			if err := json.Unmarshal(body, in); err != nil {
				in.Validate() // a partly decoded input must not panic either
				continue
			}
			for _, e := range in.Validate() {
				if e.Code == nil || !e.Code.IsKnown() || e.FieldName == nil || e.Message == nil {
					t.Fatalf("%s: malformed error %+v", name, e)
				}
			}
			if _, err := json.Marshal(in); err != nil {
				t.Fatalf("%s: decoded input does not encode: %v", name, err)
			}
		}
	})
}
