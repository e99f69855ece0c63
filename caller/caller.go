// Package caller carries the identity of the AWS principal making a request,
// from the edge (signature checks) to the service rules that scope data by it.
package caller

import "context"

// Identity is who signed a request.
type Identity struct {
	// AccountID is the caller's 12-digit AWS account; all state is scoped by it.
	AccountID string
	// AccessKeyID is the access key from the request's credential scope.
	AccessKeyID string
	// Region is the region from the credential scope (the real service lives in us-east-1 only).
	Region string
}

type contextKey struct{}

// NewContext returns a context that carries id.
func NewContext(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, contextKey{}, id)
}

// FromContext returns the identity stored in ctx, if any.
func FromContext(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(contextKey{}).(Identity)
	return id, ok
}
