package awsjson

import "pcs/api"

// DecodeInput reads body as the input of op the way the handler reads a
// request's, after authentication: decoded as AWS decodes it, then checked
// against the model and the default bounds of what the model leaves
// unbounded. Its error is the one the API answers. It is for pcs's own
// callers of the operations that are no HTTP requests (fixtures), so that
// what they send meets every rule a client's request does.
func DecodeInput(op *api.Operation, body []byte) (api.Input, error) {
	in := op.NewInput()
	if err := decode(body, in); err != nil {
		return nil, err
	}
	problems := in.Validate()
	if len(problems) == 0 {
		problems = newLimits(0, 0).check(in)
	}
	if len(problems) > 0 {
		return nil, validationError(problems)
	}
	return in, nil
}
