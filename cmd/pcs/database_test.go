package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"pcs/store/postgres/pgtest"
)

func TestServeDatabaseFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"not a PostgreSQL URL", []string{"-database", "mysql://u:secret@db/pcs"}, nil, "want a PostgreSQL URL"},
		{"variable", nil, map[string]string{"PCS_DATABASE_URL": "u:secret@db"}, "want a PostgreSQL URL"},
		{"with -in-memory", []string{"-database", "postgres://u:secret@db/pcs", "-in-memory"}, nil, "choose one"},
		{"no connections", []string{"-database", "postgres://u:secret@db/pcs", "-database-pool", "0"}, nil, "at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseServeFlags(tt.args, io.Discard, env(tt.env))
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
				t.Errorf("error = %v, want one mentioning %q and no password", err, tt.want)
			}
		})
	}
}

// TestServeUnreachableDatabase: a server nobody answers on stops start-up,
// saying which, without the password.
func TestServeUnreachableDatabase(t *testing.T) {
	err := run(context.Background(), []string{"serve", "-addr", "127.0.0.1:0",
		"-database", "postgres://pcs:secret@127.0.0.1:1/pcs?sslmode=disable&connect_timeout=2"}, io.Discard, io.Discard, env(nil))
	if err == nil || !strings.Contains(err.Error(), "cannot use the database 127.0.0.1:1/pcs") || strings.Contains(err.Error(), "secret") {
		t.Errorf("serve = %v, want a refusal naming 127.0.0.1:1/pcs, without the password", err)
	}
}

// TestServeOnPostgreSQL: two pcs serve on one database (no data-directory
// lock keeps the second off it) answer from the same state, which outlives
// both.
func TestServeOnPostgreSQL(t *testing.T) {
	db := pgtest.Schema(t)
	first, stopFirst := startServe(t, "-database", db, "-database-pool", "3")
	second, stopSecond := startServe(t, "-database", db)
	status, body := call(t, first, "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"on-postgres"}`)
	if status != http.StatusOK {
		t.Fatalf("create: %d %s", status, body)
	}
	id := regexp.MustCompile(`O[0-9]+`).FindString(body)
	if status, body := call(t, second, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`); status != http.StatusOK {
		t.Errorf("the other pcs gets %s: %d %s", id, status, body)
	}
	// The same client token on the other pcs: the same opportunity.
	if status, body := call(t, second, "CreateOpportunity", `{"Catalog":"Sandbox","ClientToken":"on-postgres"}`); status != http.StatusOK || !strings.Contains(body, id) {
		t.Errorf("the client token repeated on the other pcs: %d %s, want %s", status, body, id)
	}
	stopFirst()
	stopSecond()
	again, stop := startServe(t, "-database", db)
	defer stop()
	if status, body := call(t, again, "GetOpportunity", `{"Catalog":"Sandbox","Identifier":"`+id+`"}`); status != http.StatusOK {
		t.Errorf("after a restart: %d %s", status, body)
	}
}
