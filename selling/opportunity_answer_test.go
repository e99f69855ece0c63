package selling_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"pcs/admin"
	"pcs/api"
	"pcs/awsjson"
	"pcs/caller"
	"pcs/internal/apitest"
	"pcs/selling"
	"pcs/store"
)

// TestStoredAnswersAreTheAnswers reads every opportunity of a store that
// every write path filled (create, update, submit, AWS's review, assignment,
// associations, referrals accepted and pending, engagements, seeding) and
// of its imported copy, from the stored answer and from the document, and
// wants the same bytes: those awsjson sends for the decoded output.
func TestStoredAnswersAreTheAnswers(t *testing.T) {
	a := roundTripServer(t, apitest.Start)
	b := a.As("222222222222")
	buildExportWorld(t, a, b)
	ctx := context.Background()
	scope := store.Scope{Account: a.Account, Catalog: "Sandbox"}
	if _, err := selling.SeedOpportunities(ctx, a.Store, scope, apitest.Start, 0, 20); err != nil {
		t.Fatal(err)
	}
	copyOf := importedCopy(t, a)
	for _, s := range []*apitest.Server{a, copyOf} {
		if n := compareStoredAnswers(t, s); n < 25 {
			t.Errorf("compared %d stored answers, want every opportunity's", n)
		}
	}
}

// importedCopy is a pcs, an hour after a, that imported a's export.
func importedCopy(t *testing.T, a *apitest.Server) *apitest.Server {
	t.Helper()
	var file bytes.Buffer
	if _, err := a.PCS.Export(context.Background(), admin.ExportRequest{}, &file); err != nil {
		t.Fatal(err)
	}
	copyOf := roundTripServer(t, a.Clock.Now().Add(time.Hour))
	if _, err := copyOf.PCS.Import(context.Background(), bytes.NewReader(file.Bytes()), false); err != nil {
		t.Fatal(err)
	}
	return copyOf
}

func compareStoredAnswers(t *testing.T, s *apitest.Server) int {
	t.Helper()
	ctx := context.Background()
	var current []store.Opportunity
	err := s.Store.View(ctx, func(tx store.Tx) error {
		return tx.Dump(ctx, store.DumpFilter{}, func(r store.Record) error {
			if v := r.Opportunity; v != nil && v.ReplacedBy == 0 {
				current = append(current, v.Opportunity)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	fast := selling.WithStoredAnswers(s.Service).(awsjson.EncodedAnswerer)
	public := jsonNames(reflect.TypeFor[api.GetOpportunityResponse]())
	n := 0
	for _, o := range current {
		if strings.Contains(o.Catalog, ":") {
			continue // on AWS's side: no read of the partner's reaches it
		}
		cctx := caller.NewContext(ctx, caller.Identity{AccountID: o.Account})
		in := &api.GetOpportunityRequest{Catalog: &o.Catalog, Identifier: &o.ID}
		stored, ok, err := fast.EncodedAnswer(cctx, api.OpGetOpportunity, in)
		if err != nil || !ok {
			t.Errorf("%s %s: stored answer %v, %v", o.Account, o.ID, ok, err)
			continue
		}
		out, err := s.Service.GetOpportunity(cctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if built := encodeOutput(t, out); !bytes.Equal(stored, built) {
			t.Errorf("%s %s: stored answer\n%s\nwant\n%s", o.Account, o.ID, stored, built)
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(stored, &members); err != nil {
			t.Fatal(err)
		}
		for k := range members {
			if !public[k] {
				t.Errorf("%s %s: the stored answer has %s, no member of GetOpportunityResponse", o.Account, o.ID, k)
			}
		}
		n++
	}
	// Not found answers as GetOpportunity does.
	cctx := caller.NewContext(ctx, caller.Identity{AccountID: s.Account})
	in := &api.GetOpportunityRequest{Catalog: ptr("Sandbox"), Identifier: ptr("O999999999")}
	_, ok, err := fast.EncodedAnswer(cctx, api.OpGetOpportunity, in)
	_, want := s.Service.GetOpportunity(cctx, in)
	if !ok || err == nil || err.Error() != want.Error() {
		t.Errorf("a missing opportunity: %v, %v; want %v", ok, err, want)
	}
	return n
}

// encodeOutput encodes an output as awsjson's handler does.
func encodeOutput(t *testing.T, out any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func jsonNames(typ reflect.Type) map[string]bool {
	names := map[string]bool{}
	for f := range typ.Fields() {
		names[strings.Split(f.Tag.Get("json"), ",")[0]] = true
	}
	return names
}
