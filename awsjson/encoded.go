package awsjson

import (
	"context"

	"pcs/api"
)

// EncodedAnswerer is a Service that can answer some operations with the
// bytes their output encodes to, kept from when it was written, without
// building the output's Go value. The Handler asks it first when nothing
// needs that value: no Config.CheckOutput and no Config.RewriteOutput. A
// wrapper that changes answers (package realism's) does not implement it,
// so its answers are built as always.
type EncodedAnswerer interface {
	// EncodedAnswer returns op's answer to in exactly as the Handler would
	// encode the output the operation returns, or its error; ok is false
	// when it has no such bytes at hand, and the operation is called.
	EncodedAnswer(ctx context.Context, op string, in api.Input) (body []byte, ok bool, err error)
}

// encodedAnswer asks the service for op's encoded answer when nothing
// needs the output's Go value (New decides that once).
func (h *Handler) encodedAnswer(ctx context.Context, op string, in api.Input) ([]byte, bool, error) {
	if h.encoded == nil {
		return nil, false, nil
	}
	return h.encoded.EncodedAnswer(ctx, op, in)
}
