package awsjson

import (
	"fmt"
	"reflect"
	"strings"
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
	l.walk(reflect.ValueOf(in), "", "", bound{}, &errs)
	return errs
}

// walk checks v, the member at p (f in lowerCamel) bounded by b.
func (l limits) walk(v reflect.Value, p, f string, b bound, errs *[]api.ValidationExceptionError) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if n := utf8.RuneCountInString(v.String()); b.chars > 0 && n > b.chars {
			add(errs, "INVALID_STRING_FORMAT", f, fmt.Sprintf("Value at %s must be at most %d characters, but it has %d.", p, b.chars, n))
			return
		}
		if n := len(v.String()); n > l.memberBytes {
			add(errs, "INVALID_STRING_FORMAT", f, fmt.Sprintf("Value at %s must be at most %d bytes, but it has %d.", p, l.memberBytes, n))
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
			add(errs, "TOO_MANY_VALUES", f, fmt.Sprintf("%s must contain at most %d items, but it contains %d.", p, most, n))
			return
		}
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				l.walk(v.Index(i), p, f, b, errs)
			}
			return
		}
		for it := v.MapRange(); it.Next(); {
			l.walk(it.Key(), p, f, b, errs)
			l.walk(it.Value(), p, f, b, errs)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name := jsonName(sf)
			if name == "-" {
				continue
			}
			l.walk(v.Field(i), join(p, name), join(f, lowerFirst(name)), memberBounds[t.Name()+"."+name], errs)
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
