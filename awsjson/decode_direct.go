package awsjson

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"pcs/api"
)

// decodeDirect is decode's one-pass path: encoding/json alone, for bodies
// on which it yields exactly what the walk would. That holds when the
// body is a JSON object encoding/json decodes without error into in (the
// walk then accepts it too, and copies what encoding/json would read), and
// when no member name could match a member other than the one of its exact
// spelling (encoding/json matches names without regard to case, the
// service exactly). It reports false, having maybe filled part of in,
// when it cannot tell; the walk then decodes the body and words any error.
func decodeDirect(body []byte, in any) bool {
	names := directNames(reflect.TypeOf(in))
	if names == nil || !startsObject(body) || !keysExact(body, names) {
		return false
	}
	return json.Unmarshal(body, in) == nil
}

// startsObject reports whether body's first value starts with '{'.
func startsObject(body []byte) bool {
	for _, c := range body {
		switch c {
		case ' ', '\t', '\n', '\r':
		case '{':
			return true
		default:
			return false
		}
	}
	return false
}

// keysExact reports whether every object key of body, at any depth, is
// either the exact spelling of a member name in names (and no other name
// there differs from it only in case) or matches no name there in any
// case. It reads keys only as far as the body is valid JSON; on one that
// is not, encoding/json fails and the walk decides.
func keysExact(body []byte, names map[string]string) bool {
	var lower [64]byte
	for i := 0; i < len(body); i++ {
		if body[i] != '"' {
			continue
		}
		start, plain := i+1, true
		for i++; i < len(body) && body[i] != '"'; i++ {
			if c := body[i]; c == '\\' || c >= utf8.RuneSelf {
				plain = false
				if c == '\\' {
					i++ // the escaped character, which may be a quote
				}
			}
		}
		key := body[start:min(i, len(body))]
		j := i + 1
		for j < len(body) && (body[j] == ' ' || body[j] == '\t' || body[j] == '\n' || body[j] == '\r') {
			j++
		}
		if j >= len(body) || body[j] != ':' {
			continue // a string value
		}
		if !plain || len(key) > len(lower) {
			return false
		}
		l := lower[:len(key)]
		for k, c := range key {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			l[k] = c
		}
		if exact, ok := names[string(l)]; ok && exact != string(key) {
			return false
		}
	}
	return true
}

var directCache sync.Map // reflect.Type -> map[string]string, or nil when decodeDirect cannot serve it

// directNames maps the lower-case form of every member name reachable
// from t (a pointer to an input struct) to its spelling ("" when two
// spellings share it). It is nil when t holds a type whose decoding by
// encoding/json could differ from the walk's (a json.Unmarshaler other than
// api.DateTime, say, which the walk hands a compacted copy of its value).
func directNames(t reflect.Type) map[string]string {
	if m, ok := directCache.Load(t); ok {
		return m.(map[string]string)
	}
	names := map[string]string{}
	if !collectNames(t, names, map[reflect.Type]bool{}) {
		names = nil
	}
	directCache.Store(t, names)
	return names
}

var dateTimeType = reflect.TypeFor[api.DateTime]()

func collectNames(t reflect.Type, names map[string]string, seen map[reflect.Type]bool) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if seen[t] {
		return true
	}
	seen[t] = true
	if t == dateTimeType {
		return true
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return false
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Interface:
		return t.NumMethod() == 0
	case reflect.Slice:
		return collectNames(t.Elem(), names, seen)
	case reflect.Map:
		return t.Key().Kind() == reflect.String && collectNames(t.Elem(), names, seen)
	case reflect.Struct:
		for f := range t.Fields() {
			if !f.IsExported() {
				continue
			}
			if f.Anonymous {
				return false
			}
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if tag == "-" {
				continue
			}
			if name == "-" {
				return false // the walk drops a member named "-"; encoding/json would not
			}
			if strings.Contains(","+opts+",", ",string,") {
				return false
			}
			if name == "" {
				name = f.Name
			}
			for _, c := range []byte(name) {
				if c >= utf8.RuneSelf {
					return false
				}
			}
			lower := strings.ToLower(name)
			if exact, ok := names[lower]; ok && exact != name {
				names[lower] = ""
			} else {
				names[lower] = name
			}
			if !collectNames(f.Type, names, seen) {
				return false
			}
		}
		return true
	}
	return false
}
