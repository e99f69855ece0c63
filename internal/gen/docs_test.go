package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFirstSentence(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`<p>Specifies the catalog. This field takes a string value.</p>`, "Specifies the catalog."},
		{`<p>Creates an <code>Opportunity</code> record in Partner Central. Use this operation to create a potential business opportunity.</p> <p>To submit an opportunity:</p>`,
			"Creates an Opportunity record in Partner Central."},
		{`<p>The customer's industry, e.g. Retail. More follows.</p>`, "The customer's industry, e.g. Retail."},
		{`<p>Sets <code>Lifecycle.ReviewStatus</code> to Pending. Then more.</p>`, "Sets Lifecycle.ReviewStatus to Pending."},
		{`<p>Set Customer.Account.Address.City and LifeCycle.TargetCloseDate first. Then more.</p>`,
			"Set Customer.Account.Address.City and LifeCycle.TargetCloseDate first."},
		{`<p>Results in a single page of the response.Use this parameter to tune it.</p>`, "Results in a single page of the response."},
		{`<p>A U.S. address. More.</p>`, "A U.S. address."},
		{`<p>Optional. The expected duration of the contract. More.</p>`, "Optional. The expected duration of the contract."},
		{`<p>Valid values:</p> <ul> <li> <p>A</p> </li> </ul>`, "Valid values:"},
		{`<p>Amounts in US dollars &amp; euros</p><p>Next paragraph.</p>`, "Amounts in US dollars & euros"},
		{`<p>See <a href="https://example.com/a.b">the guide</a>.  Also this.</p>`, "See the guide."},
		{`<p> </p><p>After an empty paragraph.</p>`, "After an empty paragraph."},
		{``, ""},
	} {
		if got := firstSentence(tc.doc); got != tc.want {
			t.Errorf("firstSentence(%q)\n got %q\nwant %q", tc.doc, got, tc.want)
		}
	}
}

func TestComment(t *testing.T) {
	text := strings.Repeat("word ", 40)
	for _, indent := range []int{0, 1} {
		got := comment(text, indent)
		prefix := strings.Repeat("\t", indent) + "// "
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if len(lines) < 2 {
			t.Fatalf("not wrapped: %q", got)
		}
		var words int
		for _, l := range lines {
			if !strings.HasPrefix(l, prefix) {
				t.Errorf("line %q lacks prefix %q", l, prefix)
			}
			if w := 4*indent + len(l) - indent; w > 92 {
				t.Errorf("line is %d columns wide: %q", w, l)
			}
			words += len(strings.Fields(strings.TrimPrefix(l, prefix)))
		}
		if words != 40 {
			t.Errorf("%d words, want 40", words)
		}
	}
	if got := comment("", 0); got != "" {
		t.Errorf("comment of nothing = %q", got)
	}
}

func TestExtractDocs(t *testing.T) {
	model := []byte(`{"operations": {"A": {"documentation": "<p>Does A. Really.</p>"}, "B": {}},
		"shapes": {"S": {"documentation": "<p>An S.</p>", "members": {"M": {"documentation": "<p>The M.</p>"}, "N": {}}},
			"T": {}}}`)
	d, err := extractDocs(model)
	if err != nil {
		t.Fatal(err)
	}
	want := &Docs{Operations: map[string]string{"A": "Does A."}, Shapes: map[string]string{"S": "An S.", "S.M": "The M."}}
	got, _ := json.Marshal(d)
	if w, _ := json.Marshal(want); !bytes.Equal(got, w) {
		t.Errorf("got %s\nwant %s", got, w)
	}
}

func TestLoadDocsRejectsUnknownEntries(t *testing.T) {
	m := mustModel(t, `{"operations": {"A": {"name": "A", "input": {"shape": "S"}}},
		"shapes": {"S": {"type": "structure", "members": {"M": {"shape": "S"}}}}}`)
	for name, tc := range map[string]struct {
		docs    string
		wantErr bool
	}{
		"known":              {docs: `{"operations": {"A": "a"}, "shapes": {"S": "s", "S.M": "m"}}`},
		"unknown op":         {docs: `{"operations": {"B": "b"}}`, wantErr: true},
		"unknown shape":      {docs: `{"shapes": {"T": "t"}}`, wantErr: true},
		"unknown member":     {docs: `{"shapes": {"S.N": "n"}}`, wantErr: true},
		"unknown top key":    {docs: `{"members": {}}`, wantErr: true},
		"member of no shape": {docs: `{"shapes": {"T.M": "m"}}`, wantErr: true},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "docs.json")
			if err := os.WriteFile(path, []byte(tc.docs), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := loadDocs(path, m)
			if (err != nil) != tc.wantErr {
				t.Errorf("err = %v, want error %v", err, tc.wantErr)
			}
		})
	}
}

// TestDocsFileIsCanonical keeps model/docs.json as -extract-docs writes it.
func TestDocsFileIsCanonical(t *testing.T) {
	b, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	var d Docs
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	again, err := encodeDocs(&d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Error("model/docs.json is not in the form -extract-docs writes")
	}
	if len(d.Operations) == 0 || len(d.Shapes) == 0 {
		t.Error("model/docs.json is empty")
	}
}
