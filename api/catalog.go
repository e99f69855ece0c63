package api

import "regexp"

var reARNCatalog = regexp.MustCompile(`:catalog/([a-zA-Z]+)`)

// CatalogOf returns the catalog a request acts on: its Catalog member, or
// the catalog in its ResourceArn (the tagging operations); "" when neither.
// The generated CatalogName of each structure with one of those members
// reads it (catalog.gen.go).
func CatalogOf(in Input) string {
	if c, ok := in.(interface{ CatalogName() string }); ok {
		return c.CatalogName()
	}
	return ""
}

// catalogOfARN is the catalog an ARN names, "" when none.
func catalogOfARN(arn *string) string {
	if arn != nil {
		if m := reARNCatalog.FindStringSubmatch(*arn); m != nil {
			return m[1]
		}
	}
	return ""
}
