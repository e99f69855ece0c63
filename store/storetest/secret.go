package storetest

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"pcs/store"
)

// testSecrets: the first Secret keeps the value it is given; every later
// one, and every one of many at once, returns that value; a secret is not
// another's.
func testSecrets(t *testing.T, db store.Store) {
	secret := func(name, fresh string) []byte {
		var got []byte
		update(t, db, func(tx store.Tx) error {
			var err error
			got, err = tx.Secret(ctx, name, []byte(fresh))
			return err
		})
		return got
	}
	if got := secret("page", "first"); string(got) != "first" {
		t.Errorf("a new secret is %q, want the fresh value %q", got, "first")
	}
	if got := secret("page", "second"); string(got) != "first" {
		t.Errorf("a kept secret is %q, want %q", got, "first")
	}
	if got := secret("other", "third"); string(got) != "third" {
		t.Errorf("another secret is %q, want %q", got, "third")
	}

	const takers = 8
	got := make([][]byte, takers)
	var wg sync.WaitGroup
	for i := range takers {
		wg.Go(func() {
			if err := db.Update(ctx, func(tx store.Tx) error {
				var err error
				got[i], err = tx.Secret(ctx, "raced", fmt.Appendf(nil, "fresh-%d", i))
				return err
			}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for i := range got {
		if !bytes.Equal(got[i], got[0]) {
			t.Errorf("of %d transactions keeping a secret at once, one has %q and another %q", takers, got[i], got[0])
		}
	}
}
