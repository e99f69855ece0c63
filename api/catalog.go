package api

import (
	"reflect"
	"regexp"
)

var reARNCatalog = regexp.MustCompile(`:catalog/([a-zA-Z]+)`)

// CatalogOf returns the catalog a request acts on: its Catalog member, or
// the catalog in its ResourceArn (the tagging operations); "" when neither.
func CatalogOf(in Input) string {
	v := reflect.ValueOf(in)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	if f := v.FieldByName("Catalog"); f.IsValid() {
		if s, ok := f.Interface().(*string); ok && s != nil {
			return *s
		}
	}
	if f := v.FieldByName("ResourceArn"); f.IsValid() {
		if s, ok := f.Interface().(*string); ok && s != nil {
			if m := reARNCatalog.FindStringSubmatch(*s); m != nil {
				return m[1]
			}
		}
	}
	return ""
}
