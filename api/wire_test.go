package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// wireBodies returns the request bodies captured from boto3, the AWS CLI and the JS SDK
// (testdata/wire/<client>/<Operation>.json), keyed by "<client>/<Operation>".
func wireBodies(tb testing.TB) map[string][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "wire", "*", "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(paths) == 0 {
		tb.Fatal("no captured bodies in testdata/wire")
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		client := filepath.Base(filepath.Dir(p))
		out[client+"/"+strings.TrimSuffix(filepath.Base(p), ".json")] = b
	}
	return out
}

// wireInvalid lists the captured bodies that violate the model's constraints, and why.
// The capture drivers sent illustrative values; these are the model's rules, not ours.
var wireInvalid = map[string][]string{}

// newerThanBotocore lists the operations the captured botocore (1.43.11, under
// boto3 and the AWS CLI v1) does not have; only the JS SDK's bodies exist.
var newerThanBotocore = []string{
	"GetProspectingFromEngagementTask", "ListProspectingFromEngagementTasks", "StartProspectingFromEngagementTask",
}

func TestWireBodiesDecodeAndValidate(t *testing.T) {
	bodies := wireBodies(t)
	for _, client := range []string{"boto3", "cli", "js"} {
		for _, op := range OperationNames() {
			if client != "js" && slices.Contains(newerThanBotocore, op) {
				continue
			}
			if _, ok := bodies[client+"/"+op]; !ok {
				t.Errorf("no captured body for %s/%s", client, op)
			}
		}
	}
	for _, key := range slices.Sorted(func(yield func(string) bool) {
		for k := range bodies {
			if !yield(k) {
				return
			}
		}
	}) {
		op := key[strings.Index(key, "/")+1:]
		t.Run(key, func(t *testing.T) {
			o, ok := Operations[op]
			if !ok {
				t.Fatalf("unknown operation %s", op)
			}
			in := o.NewInput()
			dec := json.NewDecoder(strings.NewReader(string(bodies[key])))
			dec.DisallowUnknownFields()
			if err := dec.Decode(in); err != nil {
				t.Fatalf("decode: %v", err)
			}
			var got []string
			for _, e := range in.Validate() {
				got = append(got, string(*e.Code)+" "+*e.FieldName+": "+*e.Message)
			}
			if want := wireInvalid[key]; !slices.Equal(got, want) {
				t.Errorf("Validate:\n got %q\nwant %q", got, want)
			}
		})
	}
}
