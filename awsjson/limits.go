package awsjson

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"pcs/api"
)

// Default bounds for what the model leaves unbounded (a few string shapes
// such as AddressPart, and most lists). The body limit alone would let one
// member take 10 MiB; these keep every stored document reasonable and say
// which member was too large.
const (
	DefaultMaxMemberBytes = 64 << 10
	DefaultMaxListItems   = 1000
)

// memberBounds are tighter bounds for members the model leaves unbounded
// but documents as names from a fixed vocabulary, keyed by structure shape
// and member: a list of such names needs neither 64 KiB strings nor 1,000
// of them. The service's own bounds are not published; these are generous
// for every documented value (docs/business-rules.md, "Input limits").
var memberBounds = map[string]bound{
	// APN program names: 16 documented, the longest 40 characters.
	"Project.ApnPrograms": {items: 100, chars: 255},
	// Marketing use case names: 26 documented, the longest 29 characters.
	"Marketing.UseCases": {items: 100, chars: 255},
}

// bound limits a member: a list's item count, and each string's length in
// characters (for a list, each item's); 0 leaves the default.
type bound struct {
	items, chars int
}

type limits struct {
	memberBytes, listItems int
}

func newLimits(memberBytes, listItems int) limits {
	if memberBytes <= 0 {
		memberBytes = DefaultMaxMemberBytes
	}
	if listItems <= 0 {
		listItems = DefaultMaxListItems
	}
	return limits{memberBytes, listItems}
}

// check walks a decoded input and reports each string longer than
// memberBytes and each list or map with more than listItems entries, or
// beyond its member's bound, as ValidationException entries like the
// generated validators' (FieldName is the lowerCamel dotted path).
func (l limits) check(in any) []api.ValidationExceptionError {
	var errs []api.ValidationExceptionError
	l.walk(reflect.ValueOf(in), make(memberPath, 0, 16), bound{}, &errs)
	return errs
}

// memberPath is where a walk is: the members from the input's down to the
// one walked. It is spelled out only for an error.
type memberPath []*limitField

// names is the path as a message says it ("Project.ApnPrograms") and as
// FieldName does ("project.apnPrograms").
func (p memberPath) names() (path, field string) {
	for _, m := range p {
		path, field = join(path, m.name), join(field, m.field)
	}
	return path, field
}

// limitField is a struct field as the walk sees it: its index, its JSON
// name in both spellings, and its bound.
type limitField struct {
	index       int
	name, field string
	bound       bound
}

var limitFields sync.Map // reflect.Type -> []limitField

// limitFieldsOf is the walk's view of struct type t's members.
func limitFieldsOf(t reflect.Type) []limitField {
	if f, ok := limitFields.Load(t); ok {
		return f.([]limitField)
	}
	var fields []limitField
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name := jsonName(sf)
		if name == "-" {
			continue
		}
		fields = append(fields, limitField{index: i, name: name, field: lowerFirst(name), bound: memberBounds[t.Name()+"."+name]})
	}
	limitFields.Store(t, fields)
	return fields
}

// walk checks v, the member at p bounded by b.
func (l limits) walk(v reflect.Value, p memberPath, b bound, errs *[]api.ValidationExceptionError) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if b.chars > 0 {
			if n := utf8.RuneCountInString(v.String()); n > b.chars {
				path, field := p.names()
				add(errs, "INVALID_STRING_FORMAT", field, fmt.Sprintf("Value at %s must be at most %d characters, but it has %d.", path, b.chars, n))
				return
			}
		}
		if n := len(v.String()); n > l.memberBytes {
			path, field := p.names()
			add(errs, "INVALID_STRING_FORMAT", field, fmt.Sprintf("Value at %s must be at most %d bytes, but it has %d.", path, l.memberBytes, n))
		}
	case reflect.Slice, reflect.Map:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		most := l.listItems
		if b.items > 0 {
			most = min(most, b.items)
		}
		if n := v.Len(); n > most {
			path, field := p.names()
			add(errs, "TOO_MANY_VALUES", field, fmt.Sprintf("%s must contain at most %d items, but it contains %d.", path, most, n))
			return
		}
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				l.walk(v.Index(i), p, b, errs)
			}
			return
		}
		for it := v.MapRange(); it.Next(); {
			l.walk(it.Key(), p, b, errs)
			l.walk(it.Value(), p, b, errs)
		}
	case reflect.Struct:
		fields := limitFieldsOf(v.Type())
		for i := range fields {
			f := &fields[i]
			l.walk(v.Field(f.index), append(p, f), f.bound, errs)
		}
	}
}

func add(errs *[]api.ValidationExceptionError, code, field, msg string) {
	c := api.ValidationExceptionErrorCode(code)
	*errs = append(*errs, api.ValidationExceptionError{Code: &c, FieldName: &field, Message: &msg})
}

func join(base, name string) string {
	if base == "" {
		return name
	}
	return base + "." + name
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + strings.Clone(s[n:])
}
