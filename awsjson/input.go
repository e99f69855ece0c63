package awsjson

import "pcs/api"

// DecodeInput reads body as the input of op the way the handler reads a
// request's, after authentication: decoded as AWS decodes it, then checked
// against the model and the default bounds of what the model leaves
// unbounded. Its error is the one the API answers. It is for pcs's own
// callers of the operations that are no HTTP requests (fixtures), so that
// what they send meets every rule a client's request does.
func DecodeInput(op *api.Operation, body []byte) (api.Input, error) {
	in, err := newLimits(0, 0).decodeInput(op, body)
	if err != nil {
		return nil, err
	}
	return in, nil
}

// decodeInput decodes body as op's input and validates it: against the
// model, then against l, whose bounds are the coarser ones (the model's
// are reported first). The input is returned with a validation error too,
// for what the access log says of it; it is nil when body does not decode.
func (l limits) decodeInput(op *api.Operation, body []byte) (api.Input, error) {
	in := op.NewInput()
	if err := decode(body, in); err != nil {
		return nil, err
	}
	problems := in.Validate()
	if len(problems) == 0 {
		problems = l.check(in)
	}
	if len(problems) > 0 {
		return in, validationError(problems)
	}
	return in, nil
}
