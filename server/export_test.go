package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	pcsadmin "pcs/admin"
	"pcs/internal/apitest"
)

// TestExportWhileWritesAreInFlight copies pcs again and again while an
// account creates opportunities: every copy, imported into a fresh pcs,
// holds each opportunity whole (with its event and its client token) or
// not at all.
func TestExportWhileWritesAreInFlight(t *testing.T) {
	s := apitest.New(t)
	const writes = 30
	var copies [][]byte
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		defer close(stop)
		for i := range writes {
			if r := s.Call("CreateOpportunity", opportunityBody(fmt.Sprint("w-", i))); r.Status != http.StatusOK {
				t.Errorf("create: HTTP %d %s", r.Status, r.Body)
				return
			}
		}
	})
	wg.Go(func() {
		for len(copies) < 12 {
			var b bytes.Buffer
			if _, err := s.PCS.Export(context.Background(), pcsadmin.ExportRequest{}, &b); err != nil {
				t.Errorf("export: %v", err)
				return
			}
			copies = append(copies, b.Bytes())
			select {
			case <-stop:
				return
			default:
			}
		}
	})
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, c := range copies {
		to := apitest.New(t)
		if _, err := to.PCS.Import(context.Background(), bytes.NewReader(c), false); err != nil {
			t.Fatal(err)
		}
		var listed []string
		for _, o := range to.OK("ListOpportunities", map[string]any{"Catalog": "Sandbox", "MaxResults": 100})["OpportunitySummaries"].([]any) {
			listed = append(listed, o.(map[string]any)["Id"].(string))
		}
		slices.Sort(listed)
		if got := createdEvents(t, to, s.Account); !slices.Equal(got, listed) {
			t.Fatalf("a copy holds opportunities %v, but Opportunity Created events of %v", listed, got)
		}
		for i := range writes {
			again := to.OK("CreateOpportunity", opportunityBody(fmt.Sprint("w-", i)))["Id"].(string)
			if slices.Contains(listed, again) != (i < len(listed)) {
				t.Fatalf("a copy of %d opportunities answers client token %d with %s", len(listed), i, again)
			}
		}
	}
	if len(copies) < 2 {
		t.Logf("only %d copies were made during the writes", len(copies))
	}
}
