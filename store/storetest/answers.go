package storetest

import (
	"errors"
	"testing"

	"pcs/store"
)

// testOpportunityAnswers: a current version's answer is read back as
// stored, nil when it has none, and ErrNotFound for an id not in the
// scope; a store that reads answers outside a transaction
// (store.AnswerReader) gives exactly what a View does, the latest Update
// included.
func testOpportunityAnswers(t *testing.T, db store.Store) {
	withAnswer, without := opp(scopeA, 1), opp(scopeA, 2)
	withAnswer.Answer = []byte(`{"Id":"O1","v":1}`)
	insert(t, db, withAnswer)
	insert(t, db, without)

	direct, _ := db.(store.AnswerReader)
	check := func(when string, scope store.Scope, id, want string, wantErr error) {
		t.Helper()
		var got []byte
		err := db.View(ctx, func(tx store.Tx) (err error) {
			got, err = tx.OpportunityAnswer(ctx, scope, id)
			return err
		})
		if !errors.Is(err, wantErr) || string(got) != want || (want == "") != (got == nil) {
			t.Errorf("%s: View: answer of %s %v = %q, %v; want %q, %v", when, id, scope, got, err, want, wantErr)
		}
		if direct == nil {
			return
		}
		got, err = direct.OpportunityAnswer(ctx, scope, id)
		if !errors.Is(err, wantErr) || string(got) != want || (want == "") != (got == nil) {
			t.Errorf("%s: AnswerReader: answer of %s %v = %q, %v; want %q, %v", when, id, scope, got, err, want, wantErr)
		}
	}
	check("inserted", scopeA, "O1", `{"Id":"O1","v":1}`, nil)
	check("without an answer", scopeA, "O2", "", nil)
	check("missing", scopeA, "O3", "", store.ErrNotFound)
	check("another scope", scopeB, "O1", "", store.ErrNotFound)

	changed := *withAnswer
	changed.LastModifiedAt = withAnswer.LastModifiedAt.Add(1)
	changed.Answer = []byte(`{"Id":"O1","v":2}`)
	update(t, db, func(tx store.Tx) error { return tx.UpdateOpportunity(ctx, &changed) })
	check("updated", scopeA, "O1", `{"Id":"O1","v":2}`, nil)
}
