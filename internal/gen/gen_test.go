package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const (
	modelPath = "../../model/service.json"
	pagPath   = "../../model/paginators.json"
	docsPath  = "../../model/docs.json"
	apiDir    = "../../api"
)

// TestGeneratedFilesAreFresh fails when api/ is not what the generator makes from model/.
// Run `go generate ./...` from the repository root to fix it.
func TestGeneratedFilesAreFresh(t *testing.T) {
	dir := t.TempDir()
	if err := run(modelPath, pagPath, docsPath, dir); err != nil {
		t.Fatal(err)
	}
	fresh, _ := filepath.Glob(filepath.Join(dir, "*.gen.go"))
	committed, _ := filepath.Glob(filepath.Join(apiDir, "*.gen.go"))
	base := func(paths []string) []string {
		out := make([]string, len(paths))
		for i, p := range paths {
			out[i] = filepath.Base(p)
		}
		slices.Sort(out)
		return out
	}
	freshNames, committedNames := base(fresh), base(committed)
	for _, n := range freshNames {
		if !slices.Contains(committedNames, n) {
			t.Errorf("api/%s is missing; run go generate ./...", n)
		}
	}
	for _, n := range committedNames {
		if !slices.Contains(freshNames, n) {
			t.Errorf("api/%s is not generated any more; run go generate ./...", n)
		}
	}
	for _, n := range freshNames {
		want, _ := os.ReadFile(filepath.Join(dir, n))
		got, err := os.ReadFile(filepath.Join(apiDir, n))
		if err == nil && !bytes.Equal(got, want) {
			t.Errorf("api/%s differs from the generator's output; run go generate ./...", n)
		}
	}
}

// TestHandWrittenFilesAreNotGenerated keeps the line between the two kinds of file in api/:
// only *.gen.go files carry the generated-code header (and are checked above).
func TestHandWrittenFilesAreNotGenerated(t *testing.T) {
	all, _ := filepath.Glob(filepath.Join(apiDir, "*.go"))
	for _, path := range all {
		if strings.HasSuffix(path, ".gen.go") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("Code generated")) {
			t.Errorf("api/%s is hand-written but says it is generated", filepath.Base(path))
		}
	}
}

// TestRuntimeNames checks that runtimeNames lists the exported package-level identifiers of
// api's hand-written files, so that no shape can take one of them.
func TestRuntimeNames(t *testing.T) {
	fset := token.NewFileSet()
	all, _ := filepath.Glob(filepath.Join(apiDir, "*.go"))
	var got []string
	for _, path := range all {
		if strings.HasSuffix(path, ".gen.go") || strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() {
					got = append(got, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						if spec.Name.IsExported() {
							got = append(got, spec.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range spec.Names {
							if n.IsExported() {
								got = append(got, n.Name)
							}
						}
					}
				}
			}
		}
	}
	for _, n := range got {
		if !slices.Contains(runtimeNames, n) {
			t.Errorf("api declares %s by hand, but runtimeNames lacks it", n)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := generateFromFiles(modelPath, pagPath, docsPath)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generateFromFiles(modelPath, pagPath, docsPath)
	if err != nil {
		t.Fatal(err)
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
		if !bytes.HasPrefix(a[name], []byte(header)) {
			t.Errorf("%s lacks the generated-code header", name)
		}
	}
}

func TestEveryModelPatternTranslates(t *testing.T) {
	m, err := loadModel(modelPath)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range sortedKeys(m.Shapes) {
		s := m.Shapes[name]
		if s.Pattern == nil {
			continue
		}
		n++
		r, err := translatePattern(*s.Pattern)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if r.Regex == "" && !r.HasLen {
			t.Errorf("%s: pattern %q checks nothing", name, *s.Pattern)
		}
	}
	// 98 in the model, 4 more from the overlay's prospecting shapes, 3 from its
	// AWS Marketplace solution and product ARNs, and 3 from the newest JS SDK's
	// shapes (LeadIndustry, LeadMarketSegment, AwsSoftwareRevenueDiscount).
	if n != 108 {
		t.Errorf("model has %d patterns, want 108", n)
	}
}

func TestStringRuleOfLengths(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	p := func(v string) *string { return &v }
	tests := []struct {
		name             string
		shape            Shape
		wantMin, wantMax int
		wantErr          bool
	}{
		{name: "min and max", shape: Shape{Min: n(1), Max: n(128)}, wantMin: 1, wantMax: 128},
		{name: "max only", shape: Shape{Max: n(255)}, wantMin: 0, wantMax: 255},
		{name: "with a pattern", shape: Shape{Pattern: p("task-[0-9a-z]{14}"), Min: n(19), Max: n(19)}, wantMin: 19, wantMax: 19},
		{name: "agrees with the pattern's length", shape: Shape{Pattern: p("(?s).{1,2048}"), Min: n(1), Max: n(2048)}, wantMin: 1, wantMax: 2048},
		{name: "contradicts the pattern's length", shape: Shape{Pattern: p("(?s).{1,2048}"), Max: n(10)}, wantErr: true},
		{name: "min without max", shape: Shape{Min: n(1)}, wantErr: true},
		{name: "empty range", shape: Shape{Min: n(5), Max: n(1)}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := stringRuleOf(&tc.shape)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("accepted: %+v", r)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !r.HasLen || r.MinLen != tc.wantMin || r.MaxLen != tc.wantMax {
				t.Errorf("rule = %+v, want length %d..%d", r, tc.wantMin, tc.wantMax)
			}
		})
	}
}

func TestTranslatePattern(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    stringRule
		match   []string
		noMatch []string
	}{
		{
			pattern: `O[0-9]{1,19}`,
			want:    stringRule{Regex: `^(?:O[0-9]{1,19})$`, Display: `^O[0-9]{1,19}$`},
			match:   []string{"O1", "O1234567890123456789"},
			noMatch: []string{"", "O", "xO1", "O1x", "O12345678901234567890"},
		},
		{
			pattern: `(?s).{0,255}`,
			want:    stringRule{HasLen: true, MinLen: 0, MaxLen: 255},
		},
		{
			pattern: `(?s).{1,2048}`, // above Go's repeat limit of 1000
			want:    stringRule{HasLen: true, MinLen: 1, MaxLen: 2048},
		},
		{
			pattern: `.{1,255}`,
			want:    stringRule{HasLen: true, MinLen: 1, MaxLen: 255, NoNewline: true},
		},
		{
			pattern: `(?=.{1,128}$)([\p{L}\p{Z}\p{N}_.:/=+\-@]*)`,
			want: stringRule{HasLen: true, MinLen: 1, MaxLen: 128,
				Regex: `^(?:([\p{L}\p{Z}\p{N}_.:/=+\-@]*))$`, Display: `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`},
			match:   []string{"", "a b", "ключ", "k=v@x"},
			noMatch: []string{"a!b", "a\nb"},
		},
		{
			pattern: `(?=.{0,2048}$)arn:aws:iam::\d{12}:role/([-+=,.@_a-zA-Z0-9]+/)*[-+=,.@_a-zA-Z0-9]{1,64}`,
			want: stringRule{HasLen: true, MinLen: 0, MaxLen: 2048,
				Regex:   `^(?:arn:aws:iam::\d{12}:role/([-+=,.@_a-zA-Z0-9]+/)*[-+=,.@_a-zA-Z0-9]{1,64})$`,
				Display: `^arn:aws:iam::\d{12}:role/([-+=,.@_a-zA-Z0-9]+/)*[-+=,.@_a-zA-Z0-9]{1,64}$`},
			match:   []string{"arn:aws:iam::123456789012:role/path/MyRole"},
			noMatch: []string{"arn:aws:iam::12345678901:role/MyRole"},
		},
		{
			pattern: `[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}`,
			want: stringRule{Regex: `^(?:[\x{0020}-\x{007E}\x{00A0}-\x{D7FF}\x{E000}-\x{FFFD}]{1,80})$`,
				Display: `^[\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]{1,80}$`},
			match:   []string{"ok", "é ✓"},
			noMatch: []string{"", "\t", "😀", strings.Repeat("a", 81)},
		},
		{
			pattern: `a\\u0041`, // an escaped backslash followed by "u" is not a \u escape
			want:    stringRule{Regex: `^(?:a\\u0041)$`, Display: `^a\\u0041$`},
			match:   []string{`a\u0041`},
			noMatch: []string{"aA"},
		},
		{
			pattern: `((http|https)://)??(www[.])??([a-zA-Z0-9]|-)+?([.][a-zA-Z0-9(-|/|=|?)??]+?)+?`,
			want: stringRule{Regex: `^(?:((http|https)://)??(www[.])??([a-zA-Z0-9]|-)+?([.][a-zA-Z0-9(-|/|=|?)??]+?)+?)$`,
				Display: `^((http|https)://)??(www[.])??([a-zA-Z0-9]|-)+?([.][a-zA-Z0-9(-|/|=|?)??]+?)+?$`},
			match:   []string{"https://www.example.com", "example.com/path"},
			noMatch: []string{"example", "https://"},
		},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			got, err := translatePattern(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
			if got.Regex == "" {
				return
			}
			re := regexp.MustCompile(got.Regex)
			for _, s := range tc.match {
				if !re.MatchString(s) {
					t.Errorf("%q does not match", s)
				}
			}
			for _, s := range tc.noMatch {
				if re.MatchString(s) {
					t.Errorf("%q matches", s)
				}
			}
		})
	}
}

func TestTranslatePatternFails(t *testing.T) {
	for _, p := range []string{
		`(?<=a)b`,           // look-behind
		`a(?=b)`,            // look-ahead that is not a leading length check
		`(?!x).*`,           // negative look-ahead
		`\u12`,              // short \u escape
		`a{1,2000}`,         // repeat count Go cannot compile
		`[a-`,               // does not compile
		`(?=.{5,1}$)abc`,    // empty length range
		`abc\`,              // trailing backslash
		`(?=.{1,10}$)\p{Q}`, // unknown class
	} {
		if r, err := translatePattern(p); err == nil {
			t.Errorf("translatePattern(%q) = %+v, want an error", p, r)
		}
	}
}

func TestLowerCamel(t *testing.T) {
	for in, want := range map[string]string{
		"PostalCode":  "postalCode",
		"Catalog":     "catalog",
		"AWS":         "aws",
		"Id":          "id",
		"AwsAccount":  "awsAccount",
		"A":           "a",
		"":            "",
		"ÉtatRégion":  "étatRégion",
		"EC2Instance": "eC2Instance",
	} {
		if got := lowerCamel(in); got != want {
			t.Errorf("lowerCamel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEnumConstSuffix(t *testing.T) {
	for in, want := range map[string]string{
		"Pending Submission":       "PendingSubmission",
		"*Other":                   "Other",
		"Other- Cost Optimization": "OtherCostOptimization",
		"REQUIRED_FIELD_MISSING":   "RequiredFieldMissing",
		"US":                       "Us",
		"SaaS or PaaS":             "SaaSOrPaaS",
		"AWSSalesRep":              "AWSSalesRep",
		"Co-Sell - Support for Public Tender / RFx": "CoSellSupportForPublicTenderRFx",
		"Out Of Home (OOH)":                         "OutOfHomeOoh",
		"aws-eusc":                                  "AwsEusc",
		"In review":                                 "InReview",
		"2FA":                                       "2fa",
		"Ünïcode ok":                                "NCodeOk",
		"***":                                       "Empty",
		"":                                          "Empty",
	} {
		if got := enumConstSuffix(in); got != want {
			t.Errorf("enumConstSuffix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEnumConstCollisions(t *testing.T) {
	m := mustModel(t, `{"shapes": {
		"Color": {"type": "string", "enum": ["Dark Red", "dark-red", "DARK_RED"]},
		"ColorDarkBlue": {"type": "structure", "members": {}},
		"ColorDark": {"type": "string", "enum": ["Blue"]}
	}}`)
	g := &generator{m: m, idents: map[string]string{}, enumConsts: map[string][]string{}, rules: map[string]stringRule{}, regexVars: map[string]string{}}
	if err := g.prepare(); err != nil {
		t.Fatal(err)
	}
	if got, want := g.enumConsts["Color"], []string{"ColorDarkRed", "ColorDarkRed2", "ColorDarkRed3"}; !slices.Equal(got, want) {
		t.Errorf("Color constants = %q, want %q", got, want)
	}
	if got, want := g.enumConsts["ColorDark"], []string{"ColorDarkBlue2"}; !slices.Equal(got, want) {
		t.Errorf("ColorDark constants = %q, want %q", got, want)
	}
}

func TestGenerateFailsLoudly(t *testing.T) {
	for name, model := range map[string]string{
		"unknown shape key":    `{"shapes": {"S": {"type": "string", "min": 1}}}`,
		"unknown shape type":   `{"shapes": {"S": {"type": "blob"}}}`,
		"runtime name clash":   `{"shapes": {"Operation": {"type": "structure", "members": {}}}}`,
		"method name clash":    `{"shapes": {"S": {"type": "structure", "members": {"Validate": {"shape": "S"}}}}}`,
		"bad pattern":          `{"shapes": {"S": {"type": "string", "pattern": "(?<=x)y"}}}`,
		"unknown member shape": `{"shapes": {"S": {"type": "structure", "members": {"A": {"shape": "Nope"}}}}}`,
		"unknown member trait": `{"shapes": {"S": {"type": "structure", "members": {"A": {"shape": "S", "location": "header"}}}}}`,
		"epoch timestamps":     `{"shapes": {"T": {"type": "timestamp"}}}`,
		"operation constant clash": `{"operations": {"A": {"name": "A", "input": {"shape": "OpA"}}},
			"shapes": {"OpA": {"type": "structure", "members": {}}}}`,
		"constructor clash": `{"shapes": {"E": {"type": "structure", "exception": true, "members": {}},
			"NewE": {"type": "structure", "members": {}}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			m, err := parseModel([]byte(model))
			if err == nil {
				_, err = generate(m, nil, &Docs{})
			}
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
		})
	}
}

func mustModel(t *testing.T, s string) *Model {
	t.Helper()
	m, err := parseModel([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestOverlay(t *testing.T) {
	model := []byte(`{"operations": {"A": {"name": "A", "input": {"shape": "I"}}}, "shapes": {"I": {"type": "structure", "members": {}},
		"S": {"type": "string", "enum": ["x"]}, "T": {"type": "string"}}}`)
	pags := []byte(`{"pagination": {"A": {"input_token": "N", "output_token": "N", "limit_key": "M", "result_key": "R"}}}`)
	tests := []struct {
		name, overlay string
		wantErr       bool
	}{
		{name: "enum widened", overlay: `{"changes": [{"why": "w", "shapes": {"S": {"type": "string", "enum": ["x", "y"]}}}]}`},
		{name: "operation added with paginator", overlay: `{"changes": [{"why": "w",
			"operations": {"B": {"name": "B", "input": {"shape": "I"}}},
			"paginators": {"B": {"input_token": "N", "output_token": "N", "limit_key": "M", "result_key": "R"}}}]}`},
		{name: "no reason", overlay: `{"changes": [{"shapes": {"S": {"type": "string"}}}]}`, wantErr: true},
		{name: "changed twice", overlay: `{"changes": [{"why": "a", "shapes": {"S": {"type": "string"}}},
			{"why": "b", "shapes": {"S": {"type": "string"}}}]}`, wantErr: true},
		{name: "unknown key", overlay: `{"notes": {}}`, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gotModel, gotPags, err := applyOverlay(model, pags, []byte(tc.overlay))
			if tc.wantErr {
				if err == nil {
					t.Fatal("overlay accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m, err := parseModel(gotModel)
			if err != nil {
				t.Fatal(err)
			}
			p, err := parsePaginators(gotPags)
			if err != nil {
				t.Fatal(err)
			}
			if m.Shapes["T"] == nil || m.Operations["A"] == nil || p["A"].ResultKey != "R" {
				t.Errorf("overlay lost the model's own entries: %v %v", m.Shapes, p)
			}
			switch tc.name {
			case "enum widened":
				if len(m.Shapes["S"].Enum) != 2 {
					t.Errorf("S enum = %v", m.Shapes["S"].Enum)
				}
			case "operation added with paginator":
				if m.Operations["B"] == nil || p["B"].InputToken != "N" {
					t.Errorf("B missing: %v %v", m.Operations, p)
				}
			}
		})
	}
}
