package awsjson

import (
	"reflect"
	"strings"
	"sync"
)

// decodeFlat is decode's path for the commonest body of all: an object
// whose members are all plain strings, into an input whose members are all
// strings (GetOpportunity's {"Catalog":"AWS","Identifier":"O1"}). It reads
// the body once, with no reflection beyond setting the fields: encoding/json
// took five times as long to read the same two members. It reports false,
// having set nothing, when the body holds anything it cannot tell is read
// exactly as encoding/json reads it: an escape or a byte beyond ASCII in a
// string, a value of another kind, a key that differs from a member's name
// only in case, data after the object. decodeDirect and the walk then
// decide.
func decodeFlat(body []byte, in any) bool {
	names := flatNames(reflect.TypeOf(in))
	if names == nil {
		return false
	}
	type member struct {
		field int
		value []byte
	}
	var found [8]member // more members than that are decoded by encoding/json
	n := 0
	p := flatParser{b: body}
	if !p.skip('{') {
		return false
	}
	if !p.skip('}') {
		for {
			key, ok := p.str()
			if !ok || !p.skip(':') {
				return false
			}
			value, ok := p.str()
			if !ok {
				return false
			}
			switch field := flatField(names, key); {
			case field == unknownMember: // as encoding/json, ignored
			case field < 0 || n == len(found):
				return false
			default:
				found[n] = member{field, value}
				n++
			}
			if p.skip('}') {
				break
			}
			if !p.skip(',') {
				return false
			}
		}
	}
	if p.ws(); p.i != len(p.b) {
		return false
	}
	v := reflect.ValueOf(in).Elem()
	for _, m := range found[:n] { // in order: of a member named twice, the last counts
		s := string(m.value)
		v.Field(m.field).Set(reflect.ValueOf(&s))
	}
	return true
}

// flatParser reads the few JSON tokens decodeFlat takes.
type flatParser struct {
	b []byte
	i int
}

// ws skips JSON whitespace.
func (p *flatParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// skip reads c after whitespace, reporting whether it is there.
func (p *flatParser) skip(c byte) bool {
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string after whitespace: printable ASCII only, without
// escapes, so that its bytes are its value.
func (p *flatParser) str() ([]byte, bool) {
	if !p.skip('"') {
		return nil, false
	}
	start := p.i
	for ; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], true
		case c < 0x20 || c == '\\' || c > 0x7e:
			return nil, false
		}
	}
	return nil, false
}

// unknownMember is flatField's answer for a key that names no member in
// any case.
const unknownMember = -2

// flatField is the index of the field key names exactly; unknownMember
// when it names none in any case; -1 when it names one only in another
// case, which encoding/json would take and the service would not.
func flatField(names []string, key []byte) int {
	for i, name := range names {
		if name != "" && name == string(key) {
			return i
		}
	}
	for _, name := range names {
		if name != "" && strings.EqualFold(name, string(key)) {
			return -1
		}
	}
	return unknownMember
}

var flatCache sync.Map // reflect.Type -> []string, or nil when decodeFlat cannot serve it

// flatNames are the member names of t's fields, by field index, when t is
// a pointer to a struct whose every exported field is a *string member
// that encoding/json reads by that name; nil otherwise. An unexported
// field has "" (encoding/json never sets it).
func flatNames(t reflect.Type) []string {
	if names, ok := flatCache.Load(t); ok {
		return names.([]string)
	}
	names := collectFlatNames(t)
	flatCache.Store(t, names)
	return names
}

var stringPointer = reflect.TypeFor[*string]()

func collectFlatNames(t reflect.Type) []string {
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct || t.Implements(unmarshalerType) {
		return nil
	}
	s := t.Elem()
	names := make([]string, s.NumField())
	for i := range s.NumField() {
		f := s.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Type != stringPointer || f.Anonymous || name == "" || name == "-" || opts != "" {
			return nil
		}
		for _, c := range []byte(name) {
			if c < 0x20 || c > 0x7e {
				return nil
			}
		}
		names[i] = name
	}
	return names
}
