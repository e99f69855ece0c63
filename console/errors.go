package console

import (
	"errors"
	"net/http"
	"strings"

	"pcs/api"
	"pcs/selling"
	"pcs/store"
)

// problem is err as the service would tell a client: the exception's type
// and message (with a validation's field errors), or the admin side's
// refusal. Failures of pcs itself are not the user's to read; they are
// logged where they happen.
func problem(err error) string {
	var bad *selling.InvalidInputError
	var valid *api.ValidationException
	var apiErr api.APIError
	switch {
	case errors.As(err, &bad):
		return "Refused: " + bad.Error()
	case errors.Is(err, store.ErrNotFound):
		return "Not found."
	case errors.As(err, &valid):
		msg := "ValidationException: " + valid.Error()
		var fields []string
		for _, e := range valid.ErrorList {
			fields = append(fields, val(e.FieldName)+" "+val(e.Code)+": "+val(e.Message))
		}
		if len(fields) > 0 {
			msg += " (" + strings.Join(fields, "; ") + ")"
		}
		return msg
	case errors.As(err, &apiErr):
		return apiErr.ErrorCode() + ": " + apiErr.Error()
	}
	return "pcs failed to do this: " + err.Error()
}

// statusOf is the HTTP status of a page that shows err.
func statusOf(err error) int {
	var bad *selling.InvalidInputError
	var apiErr api.APIError
	switch {
	case errors.As(err, &bad):
		return http.StatusBadRequest
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.As(err, &apiErr):
		return apiErr.HTTPStatus()
	}
	return http.StatusInternalServerError
}
