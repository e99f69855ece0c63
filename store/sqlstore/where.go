package sqlstore

import (
	"strings"

	"pcs/store"
)

// where collects the conditions and arguments of a filtered query.
type where struct {
	sb   strings.Builder
	args []any
}

func (w *where) eq(col string, v any) {
	w.sb.WriteString(" AND " + col + " = ?")
	w.args = append(w.args, v)
}

func (w *where) in(col string, values []string) {
	if len(values) == 0 {
		return
	}
	w.sb.WriteString(" AND " + col + " IN (" + strings.Repeat("?,", len(values)-1) + "?)")
	for _, v := range values {
		w.args = append(w.args, v)
	}
}

// seekPage orders the rows by cols, whose last column is unique among them,
// keeps the rows past the position after (the values of cols of the last row
// of the previous page; none: from the start), and at most limit of them (0:
// all). The row-value comparison lets the database seek the index that serves the
// order to the position, where an OFFSET would count rows that writes
// between pages may have shifted.
func (w *where) seekPage(cols []string, desc bool, after []any, limit int) {
	dir, cmp := "ASC", ">"
	if desc {
		dir, cmp = "DESC", "<"
	}
	if len(after) > 0 {
		w.sb.WriteString(" AND (" + strings.Join(cols, ", ") + ") " + cmp + " (" + strings.Repeat("?, ", len(after)-1) + "?)")
		w.args = append(w.args, after...)
	}
	w.sb.WriteString(" ORDER BY " + strings.Join(cols, " "+dir+", ") + " " + dir)
	if limit > 0 {
		w.sb.WriteString(" LIMIT ?")
		w.args = append(w.args, limit)
	}
}

// cursorValues is the position c names in a listing ordered by a time
// column and then the id; nil when the listing starts from the beginning.
func cursorValues(c *store.Cursor) []any {
	if c == nil {
		return nil
	}
	return []any{c.At, c.ID}
}
