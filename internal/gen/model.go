package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Model is the subset of a botocore service model that the generator understands.
type Model struct {
	Operations map[string]*OperationDef
	Shapes     map[string]*Shape
}

// ShapeRef points at a shape; on structure members it also carries member traits.
type ShapeRef struct {
	Shape            string `json:"shape"`
	IdempotencyToken bool   `json:"idempotencyToken"`
	Documentation    string `json:"documentation"` // ignored
}

// OperationDef is one entry of the model's "operations".
type OperationDef struct {
	Name   string     `json:"name"`
	Input  *ShapeRef  `json:"input"`
	Output *ShapeRef  `json:"output"`
	Errors []ShapeRef `json:"errors"`
}

// Member is a structure member, in model order.
type Member struct {
	Name string
	ShapeRef
}

// Members keeps a structure's members in the order the model lists them.
type Members []Member

// UnmarshalJSON decodes a JSON object into an ordered member list.
func (ms *Members) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("members: want a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		name := t.(string)
		var ref ShapeRef
		if err := dec.Decode(&ref); err != nil {
			return fmt.Errorf("member %s: %w", name, err)
		}
		*ms = append(*ms, Member{Name: name, ShapeRef: ref})
	}
	_, err := dec.Token()
	return err
}

// Shape is one entry of the model's "shapes".
type Shape struct {
	Name            string    `json:"-"`
	Type            string    `json:"type"`
	Members         Members   `json:"members"`
	Required        []string  `json:"required"`
	Union           bool      `json:"union"`
	Exception       bool      `json:"exception"`
	Fault           bool      `json:"fault"`
	Enum            []string  `json:"enum"`
	Pattern         *string   `json:"pattern"`
	Sensitive       bool      `json:"sensitive"`
	Min             *int64    `json:"min"`
	Max             *int64    `json:"max"`
	Box             bool      `json:"box"`
	Member          *ShapeRef `json:"member"`
	Key             *ShapeRef `json:"key"`
	Value           *ShapeRef `json:"value"`
	TimestampFormat string    `json:"timestampFormat"`
}

// IsEnum reports whether s is a string shape with an enum.
func (s *Shape) IsEnum() bool { return s.Type == "string" && len(s.Enum) > 0 }

// IsRequired reports whether member name is listed in s.Required.
func (s *Shape) IsRequired(name string) bool { return slices.Contains(s.Required, name) }

// allowedKeys lists, per shape type, the keys the generator handles. Anything else makes
// the generator fail, so that a constraint added to the model is never silently ignored.
var allowedKeys = map[string][]string{
	"structure": {"type", "members", "required", "union", "exception", "fault", "documentation", "error"},
	"string":    {"type", "enum", "pattern", "min", "max", "sensitive", "documentation"},
	"integer":   {"type", "min", "max", "box", "documentation"},
	"timestamp": {"type", "timestampFormat", "documentation"},
	"list":      {"type", "member", "min", "max", "documentation"},
	"map":       {"type", "key", "value", "min", "max", "documentation"},
}

// PaginatorDef is one entry of paginators.json.
type PaginatorDef struct {
	InputToken  string `json:"input_token"`
	OutputToken string `json:"output_token"`
	LimitKey    string `json:"limit_key"`
	ResultKey   string `json:"result_key"`
}

// overlayName is the file beside the model that corrects and extends it
// where the service has moved past the botocore model (values the service
// returns but the model's enums lack; operations newer than the model).
// It is a list of changes, each saying why it is made; a change's shapes,
// operations and paginators replace or add the model's entries whole.
const overlayName = "overlay.json"

// overlayChange is one reasoned correction of the model.
type overlayChange struct {
	Why        string                     `json:"why"`
	Shapes     map[string]json.RawMessage `json:"shapes"`
	Operations map[string]json.RawMessage `json:"operations"`
	Paginators map[string]json.RawMessage `json:"paginators"`
}

// loadModel reads the model, with the overlay beside it applied.
func loadModel(path string) (*Model, error) {
	m, _, err := loadInputs(path, "")
	return m, err
}

// loadInputs reads the model and, when pagPath is set, the paginators,
// both with the overlay beside the model applied.
func loadInputs(modelPath, pagPath string) (*Model, map[string]PaginatorDef, error) {
	model, err := os.ReadFile(modelPath)
	if err != nil {
		return nil, nil, err
	}
	pags := []byte(`{"pagination": {}}`)
	if pagPath != "" {
		if pags, err = os.ReadFile(pagPath); err != nil {
			return nil, nil, err
		}
	}
	over, err := os.ReadFile(filepath.Join(filepath.Dir(modelPath), overlayName))
	if err == nil {
		if model, pags, err = applyOverlay(model, pags, over); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", overlayName, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	m, err := parseModel(model)
	if err != nil {
		return nil, nil, err
	}
	p, err := parsePaginators(pags)
	return m, p, err
}

// applyOverlay returns the model and paginators with the overlay's changes
// put in place of (or beside) their entries.
func applyOverlay(model, paginators, overlay []byte) ([]byte, []byte, error) {
	var o struct {
		Changes []overlayChange `json:"changes"`
	}
	dec := json.NewDecoder(bytes.NewReader(overlay))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return nil, nil, err
	}
	var m, p map[string]json.RawMessage
	if err := json.Unmarshal(model, &m); err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(paginators, &p); err != nil {
		return nil, nil, err
	}
	parts := []struct {
		doc map[string]json.RawMessage
		key string
		get func(c overlayChange) map[string]json.RawMessage
	}{
		{m, "shapes", func(c overlayChange) map[string]json.RawMessage { return c.Shapes }},
		{m, "operations", func(c overlayChange) map[string]json.RawMessage { return c.Operations }},
		{p, "pagination", func(c overlayChange) map[string]json.RawMessage { return c.Paginators }},
	}
	for _, part := range parts {
		var base map[string]json.RawMessage
		if err := json.Unmarshal(part.doc[part.key], &base); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", part.key, err)
		}
		changed := map[string]bool{}
		for i, c := range o.Changes {
			if strings.TrimSpace(c.Why) == "" {
				return nil, nil, fmt.Errorf("change %d does not say why it is made", i+1)
			}
			for name, v := range part.get(c) {
				if changed[name] {
					return nil, nil, fmt.Errorf("%s %s is changed twice", part.key, name)
				}
				changed[name] = true
				base[name] = v
			}
		}
		b, err := json.Marshal(base)
		if err != nil {
			return nil, nil, err
		}
		part.doc[part.key] = b
	}
	model, err := json.Marshal(m)
	if err != nil {
		return nil, nil, err
	}
	paginators, err = json.Marshal(p)
	return model, paginators, err
}

func parseModel(b []byte) (*Model, error) {
	var raw struct {
		Operations map[string]json.RawMessage            `json:"operations"`
		Shapes     map[string]map[string]json.RawMessage `json:"shapes"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	m := &Model{Operations: map[string]*OperationDef{}, Shapes: map[string]*Shape{}}
	for name, fields := range raw.Shapes {
		var typ string
		if err := json.Unmarshal(fields["type"], &typ); err != nil {
			return nil, fmt.Errorf("shape %s: bad type: %w", name, err)
		}
		allowed, ok := allowedKeys[typ]
		if !ok {
			return nil, fmt.Errorf("shape %s: unsupported shape type %q", name, typ)
		}
		for _, k := range sortedKeys(fields) {
			if !slices.Contains(allowed, k) {
				return nil, fmt.Errorf("shape %s (%s): unsupported key %q", name, typ, k)
			}
		}
		obj, _ := json.Marshal(fields)
		s := &Shape{Name: name}
		dec := json.NewDecoder(bytes.NewReader(obj))
		if err := dec.Decode(s); err != nil {
			return nil, fmt.Errorf("shape %s: %w", name, err)
		}
		m.Shapes[name] = s
	}
	for name, rawOp := range raw.Operations {
		op := &OperationDef{}
		if err := json.Unmarshal(rawOp, op); err != nil {
			return nil, fmt.Errorf("operation %s: %w", name, err)
		}
		if op.Name != name {
			return nil, fmt.Errorf("operation %s: name field is %q", name, op.Name)
		}
		m.Operations[name] = op
	}
	return m, m.check()
}

// check verifies references and the few invariants the emitters rely on.
func (m *Model) check() error {
	ref := func(ctx, name string) error {
		if _, ok := m.Shapes[name]; !ok {
			return fmt.Errorf("%s: unknown shape %q", ctx, name)
		}
		return nil
	}
	for _, name := range sortedKeys(m.Shapes) {
		s := m.Shapes[name]
		switch s.Type {
		case "structure":
			for _, mem := range s.Members {
				if err := ref(name+"."+mem.Name, mem.Shape); err != nil {
					return err
				}
			}
			for _, r := range s.Required {
				if !slices.ContainsFunc(s.Members, func(mem Member) bool { return mem.Name == r }) {
					return fmt.Errorf("shape %s: required member %q does not exist", name, r)
				}
			}
		case "list":
			if s.Member == nil {
				return fmt.Errorf("list %s has no member", name)
			}
			if err := ref(name+".member", s.Member.Shape); err != nil {
				return err
			}
		case "map":
			if s.Key == nil || s.Value == nil {
				return fmt.Errorf("map %s needs key and value", name)
			}
			if err := ref(name+".key", s.Key.Shape); err != nil {
				return err
			}
			if err := ref(name+".value", s.Value.Shape); err != nil {
				return err
			}
			if k := m.Shapes[s.Key.Shape]; k.Type != "string" || k.IsEnum() || k.Pattern != nil {
				return fmt.Errorf("map %s: only plain string keys are supported", name)
			}
		case "timestamp":
			if s.TimestampFormat != "iso8601" {
				return fmt.Errorf("timestamp %s: timestampFormat %q is not supported (want iso8601)", name, s.TimestampFormat)
			}
		}
	}
	for _, name := range sortedKeys(m.Operations) {
		op := m.Operations[name]
		if op.Input == nil {
			return fmt.Errorf("operation %s has no input", name)
		}
		if err := ref(name+" input", op.Input.Shape); err != nil {
			return err
		}
		if m.Shapes[op.Input.Shape].Type != "structure" {
			return fmt.Errorf("operation %s: input is not a structure", name)
		}
		if op.Output != nil {
			if err := ref(name+" output", op.Output.Shape); err != nil {
				return err
			}
		}
		for _, e := range op.Errors {
			if err := ref(name+" error", e.Shape); err != nil {
				return err
			}
			if !m.Shapes[e.Shape].Exception {
				return fmt.Errorf("operation %s: error %s is not an exception", name, e.Shape)
			}
		}
	}
	return nil
}

func parsePaginators(b []byte) (map[string]PaginatorDef, error) {
	var raw struct {
		Pagination map[string]json.RawMessage `json:"pagination"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("paginators: %w", err)
	}
	out := map[string]PaginatorDef{}
	for name, r := range raw.Pagination {
		var p PaginatorDef
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			// A list-valued key (several tokens or result keys) is valid botocore but
			// is not representable in the api.Paginator contract.
			return nil, fmt.Errorf("paginator %s: %w", name, err)
		}
		out[name] = p
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
