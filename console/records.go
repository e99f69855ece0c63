package console

import (
	"encoding/json"
	"fmt"
	"strings"
)

// table is a list of API records shown as rows: the named columns of each
// record as text, and the whole record as JSON beside it.
type table struct {
	Columns []string
	Rows    []tableRow
}

type tableRow struct {
	Cells []string
	JSON  string
}

// records makes a table of items (a slice of API structures) with the
// given columns: top-level members, or nested ones as "A.B".
func records(items any, columns ...string) table {
	t := table{Columns: columns}
	b, _ := json.Marshal(items)
	var list []map[string]any
	_ = json.Unmarshal(b, &list)
	for _, m := range list {
		row := tableRow{JSON: pretty(m)}
		for _, c := range columns {
			row.Cells = append(row.Cells, cell(member(m, c)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func member(m map[string]any, path string) any {
	var v any = m
	for _, p := range strings.Split(path, ".") {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[p]
	}
	return v
}

// cell is a JSON value as one line of text.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	case []any:
		var parts []string
		for _, e := range x {
			parts = append(parts, cell(e))
		}
		return strings.Join(parts, ", ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}
