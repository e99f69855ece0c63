package postgres_test

import "pcs/store/postgres"

// benchModes are the ways BenchmarkDurableWrites commits.
var benchModes = []struct {
	name string
	set  func(*postgres.DB)
}{
	{"alone", func(db *postgres.DB) { postgres.GroupCommit(db, false) }},
	{"grouped", func(db *postgres.DB) { postgres.GroupCommit(db, true) }},
}
