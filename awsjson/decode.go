package awsjson

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// decode fills in (a pointer to a generated input struct) from a request
// body the way the real service reads it: unknown members are ignored, and
// member names match exactly (encoding/json alone would also take
// "catalog" for "Catalog", which AWS ignores as an unknown member).
//
// A flat body of strings into an input of strings is read in one pass of
// its own (decodeFlat); any other body encoding/json decodes as the walk
// would is decoded by it alone, in one pass (decodeDirect). Any other is
// walked: the walk follows the JSON tokens against the Go type, so that a
// wrong JSON type or a bad timestamp is reported with the member's full
// path ("Customer.Contacts[0].Email"), which encoding/json cannot do for
// errors raised by UnmarshalJSON methods; it re-emits the known members,
// and the result is then decoded with encoding/json. Every failure is a
// SerializationException.
func decode(body []byte, in any) error {
	body = emptyAsObject(body)
	if decodeFlat(body, in) || decodeDirect(body, in) {
		return nil
	}
	// Something is wrong with the body, or it names members encoding/json
	// would match differently: the walk decides, and says what is wrong.
	reflect.ValueOf(in).Elem().SetZero()
	return decodeWalk(body, in)
}

// emptyAsObject is body, or {} for an empty one: an empty body is an
// empty input, as in AWS.
func emptyAsObject(body []byte) []byte {
	if len(bytes.TrimSpace(body)) == 0 {
		return []byte("{}")
	}
	return body
}

// decodeWalk is decode by the walk alone.
func decodeWalk(body []byte, in any) error {
	d := &decoder{dec: json.NewDecoder(bytes.NewReader(body))}
	d.dec.UseNumber()
	tok, err := d.dec.Token()
	if err != nil {
		return d.syntaxError(err)
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return serializationError("The request body must be a JSON object, got %s.", kindOf(tok))
	}
	if err := d.valueFrom(tok, reflect.TypeOf(in), ""); err != nil {
		return err
	}
	end := d.dec.InputOffset()
	if _, err := d.dec.Token(); err != io.EOF {
		return serializationError("Malformed JSON: unexpected data after the top-level object, which ends at offset %d.", end)
	}
	if err := json.Unmarshal(d.out.Bytes(), in); err != nil {
		// The walk accepts only what encoding/json accepts; this is a backstop.
		return serializationError("Cannot deserialize the request body: %v", err)
	}
	return nil
}

type decoder struct {
	dec *json.Decoder
	out bytes.Buffer
}

func (d *decoder) syntaxError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return serializationError("Malformed JSON at offset %d: %s.", se.Offset, se.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return serializationError("Malformed JSON: unexpected end of input.")
	}
	return serializationError("Malformed JSON: %v.", err)
}

func (d *decoder) next() (json.Token, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return nil, d.syntaxError(err)
	}
	return tok, nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// valueFrom checks the value that starts with tok against t and copies it
// to d.out. A nil t accepts any JSON.
func (d *decoder) valueFrom(tok json.Token, t reflect.Type, path string) error {
	if tok == nil {
		d.out.WriteString("null") // null means absent, for every member type
		return nil
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && reflect.PointerTo(t).Implements(unmarshalerType) {
		// Types with their own decoding (api.DateTime): copy the raw value
		// and let the type judge it now, while the path is known.
		start := d.out.Len()
		if err := d.valueFrom(tok, nil, path); err != nil {
			return err
		}
		raw := d.out.Bytes()[start:]
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			return serializationError("Cannot deserialize %s: %v.", pathOrBody(path), strings.TrimSuffix(err.Error(), "."))
		}
		return nil
	}
	if t == nil || t.Kind() == reflect.Interface {
		return d.copyAny(tok, path)
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := tok.(string)
		if !ok {
			return typeError(path, "a string", tok)
		}
		d.writeString(s)
	case reflect.Bool:
		b, ok := tok.(bool)
		if !ok {
			return typeError(path, "a boolean", tok)
		}
		d.out.WriteString(strconv.FormatBool(b))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			return typeError(path, "an integer", tok)
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			return serializationError("Cannot deserialize %s: expected a %d-bit integer, got %s.", pathOrBody(path), t.Bits(), n)
		}
		d.out.WriteString(string(n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := tok.(json.Number)
		if !ok {
			return typeError(path, "an integer", tok)
		}
		if _, err := strconv.ParseUint(string(n), 10, t.Bits()); err != nil {
			return serializationError("Cannot deserialize %s: expected a non-negative %d-bit integer, got %s.", pathOrBody(path), t.Bits(), n)
		}
		d.out.WriteString(string(n))
	case reflect.Float32, reflect.Float64:
		n, ok := tok.(json.Number)
		if !ok {
			return typeError(path, "a number", tok)
		}
		if _, err := strconv.ParseFloat(string(n), t.Bits()); err != nil {
			return serializationError("Cannot deserialize %s: %s is out of range for a %d-bit number.", pathOrBody(path), n, t.Bits())
		}
		d.out.WriteString(string(n))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // blob: base64 string
			s, ok := tok.(string)
			if !ok {
				return typeError(path, "a base64-encoded string", tok)
			}
			if _, err := base64.StdEncoding.DecodeString(s); err != nil {
				return serializationError("Cannot deserialize %s: expected a base64-encoded string.", pathOrBody(path))
			}
			d.writeString(s)
			return nil
		}
		if tok != json.Delim('[') {
			return typeError(path, "an array", tok)
		}
		return d.array(t.Elem(), path)
	case reflect.Map:
		if tok != json.Delim('{') {
			return typeError(path, "an object", tok)
		}
		return d.object(path, func(key string) (reflect.Type, string, bool) {
			return t.Elem(), joinPath(path, key), true
		})
	case reflect.Struct:
		if tok != json.Delim('{') {
			return typeError(path, "an object", tok)
		}
		fields := fieldsOf(t)
		return d.object(path, func(key string) (reflect.Type, string, bool) {
			ft, ok := fields[key]
			return ft, joinPath(path, key), ok
		})
	default:
		return serializationError("Cannot deserialize %s: unsupported member type %s.", pathOrBody(path), t)
	}
	return nil
}

// array copies the elements of an array whose '[' was read.
func (d *decoder) array(elem reflect.Type, path string) error {
	d.out.WriteByte('[')
	for i := 0; ; i++ {
		tok, err := d.next()
		if err != nil {
			return err
		}
		if tok == json.Delim(']') {
			d.out.WriteByte(']')
			return nil
		}
		if i > 0 {
			d.out.WriteByte(',')
		}
		if err := d.valueFrom(tok, elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
}

// object copies the members of an object whose '{' was read; member says
// each key's type and path, or that the key is unknown and is dropped.
func (d *decoder) object(path string, member func(key string) (reflect.Type, string, bool)) error {
	d.out.WriteByte('{')
	first := true
	for {
		tok, err := d.next()
		if err != nil {
			return err
		}
		if tok == json.Delim('}') {
			d.out.WriteByte('}')
			return nil
		}
		key, _ := tok.(string) // the decoder only yields string keys here
		t, p, known := member(key)
		vtok, err := d.next()
		if err != nil {
			return err
		}
		if !known {
			if err := d.skip(vtok); err != nil {
				return err
			}
			continue
		}
		if !first {
			d.out.WriteByte(',')
		}
		first = false
		d.writeString(key)
		d.out.WriteByte(':')
		if err := d.valueFrom(vtok, t, p); err != nil {
			return err
		}
	}
}

// copyAny copies any JSON value.
func (d *decoder) copyAny(tok json.Token, path string) error {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return d.array(nil, path)
		}
		return d.object(path, func(key string) (reflect.Type, string, bool) { return nil, joinPath(path, key), true })
	case string:
		d.writeString(v)
	case json.Number:
		d.out.WriteString(string(v))
	case bool:
		d.out.WriteString(strconv.FormatBool(v))
	case nil:
		d.out.WriteString("null")
	}
	return nil
}

// skip consumes a value (of an unknown member) without checking its type.
func (d *decoder) skip(tok json.Token) error {
	depth := 0
	for {
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		var err error
		if tok, err = d.next(); err != nil {
			return err
		}
	}
}

func (d *decoder) writeString(s string) {
	b, _ := json.Marshal(s) // cannot fail for a string
	d.out.Write(b)
}

func typeError(path, want string, tok json.Token) error {
	return serializationError("Cannot deserialize %s: expected %s, got %s.", pathOrBody(path), want, kindOf(tok))
}

func kindOf(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", tok)
}

func joinPath(base, name string) string {
	if base == "" {
		return name
	}
	return base + "." + name
}

func pathOrBody(path string) string {
	if path == "" {
		return "the request body"
	}
	return path
}

var fieldCache sync.Map // reflect.Type -> map[string]reflect.Type

// fieldsOf maps the JSON member names of struct t to their types.
func fieldsOf(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		m[name] = f.Type
	}
	fieldCache.Store(t, m)
	return m
}
