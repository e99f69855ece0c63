package awsjson

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"pcs/api"
)

// kinds has every member kind decode supports, beyond those the model uses
// today, so a regenerated api with new kinds keeps decoding.
type kinds struct {
	S      *string           `json:"S"`
	B      *bool             `json:"B"`
	I      *int32            `json:"I"`
	L      *int64            `json:"L"`
	U      *uint8            `json:"U"`
	F      *float64          `json:"F"`
	Blob   []byte            `json:"Blob"`
	M      map[string]string `json:"M"`
	Nested *kinds            `json:"Nested,omitempty"`
	List   []kinds           `json:"List"`
	Doc    any               `json:"Doc"`
	T      *api.DateTime     `json:"T"`
	Skip   string            `json:"-"`
	NoTag  *string           // no tag: the member is named after the field
	MP     map[string]*kinds `json:"MP"`
	//lint:ignore U1000 the decoder must leave an unexported field alone
	priv string             // unexported: never set
	Raw  json.RawMessage    `json:"Raw"`
	Deep [][]map[string]int `json:"Deep"`
}

func (*kinds) Validate() []api.ValidationExceptionError { return nil }

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // re-encoded input, or "" when an error is expected
		err  string // SerializationException message
	}{
		{name: "all kinds",
			body: `{"S":"s","B":true,"I":-5,"L":9007199254740993,"U":255,"F":1.5e3,"Blob":"aGk=","M":{"k":"v"},
				"Nested":{"S":"n"},"List":[{"I":1},{"I":2}],"Doc":{"a":[1,"x",null,false]},"T":1741944105.118,
				"Skip":"no","NoTag":"yes","MP":{"a":{"S":"x"}},"priv":"no","Raw":[1, 2],"Deep":[[{"a":1}]]}`,
			want: `{"S":"s","B":true,"I":-5,"L":9007199254740993,"U":255,"F":1500,"Blob":"aGk=","M":{"k":"v"},"Nested":{"S":"n","B":null,"I":null,"L":null,"U":null,"F":null,"Blob":null,"M":null,"List":null,"Doc":null,"T":null,"NoTag":null,"MP":null,"Raw":null,"Deep":null},"List":[{"S":null,"B":null,"I":1,"L":null,"U":null,"F":null,"Blob":null,"M":null,"List":null,"Doc":null,"T":null,"NoTag":null,"MP":null,"Raw":null,"Deep":null},{"S":null,"B":null,"I":2,"L":null,"U":null,"F":null,"Blob":null,"M":null,"List":null,"Doc":null,"T":null,"NoTag":null,"MP":null,"Raw":null,"Deep":null}],"Doc":{"a":[1,"x",null,false]},"T":"2025-03-14T09:21:45.118Z","NoTag":"yes","MP":{"a":{"S":"x","B":null,"I":null,"L":null,"U":null,"F":null,"Blob":null,"M":null,"List":null,"Doc":null,"T":null,"NoTag":null,"MP":null,"Raw":null,"Deep":null}},"Raw":[1,2],"Deep":[[{"a":1}]]}`},
		{name: "nulls everywhere", body: `{"S":null,"List":[null],"M":{"k":null},"T":null}`,
			want: `{"S":null,"B":null,"I":null,"L":null,"U":null,"F":null,"Blob":null,"M":{"k":""},"List":[{"S":null,"B":null,"I":null,"L":null,"U":null,"F":null,"Blob":null,"M":null,"List":null,"Doc":null,"T":null,"NoTag":null,"MP":null,"Raw":null,"Deep":null}],"Doc":null,"T":null,"NoTag":null,"MP":null,"Raw":null,"Deep":null}`},
		{name: "bool", body: `{"B":"true"}`, err: "Cannot deserialize B: expected a boolean, got a string."},
		{name: "negative uint", body: `{"U":-1}`, err: "Cannot deserialize U: expected a non-negative 8-bit integer, got -1."},
		{name: "uint type", body: `{"U":[]}`, err: "Cannot deserialize U: expected an integer, got an array."},
		{name: "float range", body: `{"F":1e400}`, err: "Cannot deserialize F: 1e400 is out of range for a 64-bit number."},
		{name: "float type", body: `{"F":{}}`, err: "Cannot deserialize F: expected a number, got an object."},
		{name: "blob", body: `{"Blob":"***"}`, err: "Cannot deserialize Blob: expected a base64-encoded string."},
		{name: "blob type", body: `{"Blob":[1]}`, err: "Cannot deserialize Blob: expected a base64-encoded string, got an array."},
		{name: "map type", body: `{"M":[]}`, err: "Cannot deserialize M: expected an object, got an array."},
		{name: "map value", body: `{"M":{"k":1}}`, err: "Cannot deserialize M.k: expected a string, got a number."},
		{name: "deep path", body: `{"MP":{"a":{"List":[{},{"Nested":{"I":"x"}}]}}}`, err: "Cannot deserialize MP.a.List[1].Nested.I: expected an integer, got a string."},
		{name: "timestamp object", body: `{"T":{"a":[1]}}`, err: `Cannot deserialize T: invalid timestamp "{\"a\":[1]}": expected an RFC 3339 date-time such as 2025-03-14T09:21:45.118Z.`},
		{name: "timestamp bool", body: `{"T":true}`, err: `Cannot deserialize T: invalid timestamp "true": expected an RFC 3339 date-time such as 2025-03-14T09:21:45.118Z.`},
		{name: "top-level string", body: `"x"`, err: "The request body must be a JSON object, got a string."},
		{name: "top-level number", body: `1`, err: "The request body must be a JSON object, got a number."},
		{name: "top-level bool", body: `true`, err: "The request body must be a JSON object, got a boolean."},
		{name: "truncated", body: `{"S":"x",`, err: "Malformed JSON: unexpected end of input."},
		{name: "truncated in unknown member", body: `{"X":[1,{`, err: "Malformed JSON: unexpected end of input."},
		{name: "bad syntax in unknown member", body: `{"X":[1,}`, err: "Malformed JSON at offset 8: invalid character '}' looking for beginning of value."},
		{name: "bad syntax", body: `{"S" 1}`, err: "Malformed JSON at offset 5: invalid character '1' after object key."},
		{name: "trailing", body: `{} []`, err: "Malformed JSON: unexpected data after the top-level object, which ends at offset 2."},
		{name: "trailing syntax error", body: `{}}`, err: "Malformed JSON: unexpected data after the top-level object, which ends at offset 2."},
		{name: "invalid utf-8 is replaced", body: "{\"S\":\"a\xffb\"}",
			want: `{"S":"a` + "\ufffd" + `b","B":null,"I":null,"L":null,"U":null,"F":null,"Blob":null,"M":null,"List":null,"Doc":null,"T":null,"NoTag":null,"MP":null,"Raw":null,"Deep":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in kinds
			err := decode([]byte(tt.body), &in)
			if tt.err != "" {
				e, ok := err.(*ProtocolError)
				if !ok || e.Code != CodeSerialization || e.Message != tt.err {
					t.Fatalf("err = %v\nwant SerializationException: %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(&in)
			if string(got) != tt.want {
				t.Fatalf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestDecodeMatchesEncodingJSON: for bodies that use exact member names,
// decode yields what encoding/json alone would.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	body := `{"Catalog":"Sandbox","LastModifiedDate":"2025-06-02T16:04:12.907000Z","Identifier":"O1",
		"LifeCycle":{"NextStepsHistory":[{"Time":"2025-06-02T16:04:12Z","Value":"x"}]},"Unknown":{"x":1}}`
	var a, b api.UpdateOpportunityRequest
	if err := decode([]byte(body), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("decode differs from encoding/json:\n%+v\n%+v", a, b)
	}
	if !a.LastModifiedDate.Equal(time.Date(2025, 6, 2, 16, 4, 12, 907e6, time.UTC)) {
		t.Fatalf("LastModifiedDate %v", a.LastModifiedDate)
	}
}
