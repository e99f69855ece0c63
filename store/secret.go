package store

import "context"

// Secrets keeps the secrets every pcs on a store must share: the key that
// signs NextTokens, so that a token one pcs handed out continues the
// listing on another. They are no state of the service: a dump does not
// copy them, and neither a reset nor an import deletes them.
type Secrets interface {
	// Secret returns the secret called name; when the store has none, it
	// keeps fresh as that secret and returns it. Of several transactions
	// giving their own fresh value at once, one's is kept and every one
	// returns it.
	Secret(ctx context.Context, name string, fresh []byte) ([]byte, error)
}
