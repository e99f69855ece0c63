// Package sqlstore implements store.Tx over database/sql once for every SQL
// database pcs runs on: each query is written once, in the SQL the databases
// share, and a Dialect holds the little that differs between them. The
// backends (store/sqlite, store/postgres) open the database, keep its schema
// (their own migrations, run by Migrate) and decide how a transaction runs;
// the queries are all here.
package sqlstore

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Dialect is what differs between two databases' SQL, as these queries use it.
type Dialect struct {
	// Name prefixes errors ("sqlite: ...").
	Name string
	// NumberedParams: the database's placeholders are $1, $2, ...; the
	// queries are written with ? and renumbered before they run.
	NumberedParams bool
	// Greatest names the function of the larger of two values: SQLite's
	// max(a, b), PostgreSQL's greatest(a, b).
	Greatest string
	// Position names the function of where a string first occurs in
	// another, 0 when it does not: SQLite's instr, PostgreSQL's strpos.
	Position string
	// BytesContain is the condition that the bytes column col holds the
	// bytes of one ? argument: SQLite's instr(col, ?) > 0, PostgreSQL's
	// position(? IN col) > 0 (its strpos takes text only).
	BytesContain func(col string) string
	// Number is SQL that reads the digits of the text expr as a number, to
	// order by (a solution id's digits may not fit 64 bits).
	Number func(expr string) string
	// IsUniqueViolation reports an insert that collided with a primary key
	// or a unique index.
	IsUniqueViolation func(error) bool
	// RaiseIdentity is SQL that makes the ids the database generates for
	// column col of table come after the one ? argument, an id a loaded
	// row was given explicitly; nil where the database does so by itself
	// (SQLite's AUTOINCREMENT goes on after the largest id inserted).
	RaiseIdentity func(table, col string) string
	// IndexedBy is what follows a table's name in FROM to make the query
	// read it through index: SQLite's INDEXED BY, where its planner, without
	// statistics, would walk an index that reads more rows; "" where the
	// planner needs no telling (PostgreSQL's keeps statistics).
	IndexedBy func(index string) string
	// UpdateInWith: a WITH clause may hold an UPDATE whose RETURNING rows
	// the statement reads (PostgreSQL's, not SQLite's), so a counter's
	// next value and the row that takes it are written in one statement,
	// one round trip rather than two.
	UpdateInWith bool

	// bound caches bind's results by query text (at most maxBound): the
	// same few queries run on every request.
	bound  sync.Map // string → string
	nBound atomic.Int32
}

// maxBound bounds the queries bind remembers: a query built with a
// varying number of placeholders (an IN list) is renumbered each time once
// the cache is full, as it was without it.
const maxBound = 1024

// bind writes query, whose placeholders are ?, in the dialect's
// placeholders. The queries here hold no ? in a string literal.
func (d *Dialect) bind(query string) string {
	if !d.NumberedParams || !strings.Contains(query, "?") {
		return query
	}
	if b, ok := d.bound.Load(query); ok {
		return b.(string)
	}
	b := renumber(query)
	if d.nBound.Load() < maxBound {
		if _, had := d.bound.LoadOrStore(query, b); !had {
			d.nBound.Add(1)
		}
	}
	return b
}

// renumber writes the ? placeholders of query as $1, $2, ...
func renumber(query string) string {
	var sb strings.Builder
	sb.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			sb.WriteByte(query[i])
			continue
		}
		n++
		sb.WriteByte('$')
		sb.WriteString(strconv.Itoa(n))
	}
	return sb.String()
}
