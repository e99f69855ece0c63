package selling

import (
	"fmt"
	"strings"

	"pcs/api"
)

func notFound(format string, args ...any) error {
	return &api.ResourceNotFoundException{Message: ptr(fmt.Sprintf(format, args...))}
}

func conflict(format string, args ...any) error {
	return &api.ConflictException{Message: ptr(fmt.Sprintf(format, args...))}
}

func accessDenied(format string, args ...any) error {
	return &api.AccessDeniedException{Message: ptr(fmt.Sprintf(format, args...))}
}

func quotaExceeded(format string, args ...any) error {
	return &api.ServiceQuotaExceededException{Message: ptr(fmt.Sprintf(format, args...))}
}

// fieldError is one entry of a ValidationException's ErrorList; field is the
// lowerCamel dotted path of the request member.
func fieldError(field string, code api.ValidationExceptionErrorCode, format string, args ...any) api.ValidationExceptionError {
	e := api.ValidationExceptionError{Code: &code, Message: ptr(fmt.Sprintf(format, args...))}
	if field != "" {
		e.FieldName = ptr(field)
	}
	return e
}

// businessInvalid reports broken business rules, one ErrorList entry each.
func businessInvalid(errs ...api.ValidationExceptionError) error {
	return validationError(api.ValidationExceptionReasonBusinessValidationFailed, errs)
}

// requestInvalid reports request-shape problems found by the service rather
// than by the generated validators.
func requestInvalid(errs ...api.ValidationExceptionError) error {
	return validationError(api.ValidationExceptionReasonRequestValidationFailed, errs)
}

func validationError(reason api.ValidationExceptionReason, errs []api.ValidationExceptionError) error {
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		msgs = append(msgs, deref(e.Message))
	}
	var msg string
	switch len(errs) {
	case 1:
		msg = msgs[0]
	default:
		msg = fmt.Sprintf("%d validation errors detected: %s", len(errs), strings.Join(msgs, " "))
	}
	return &api.ValidationException{Message: &msg, Reason: &reason, ErrorList: errs}
}

// InvalidInputError reports a bad admin request; it is not an API error.
type InvalidInputError struct{ Problems []string }

func (e *InvalidInputError) Error() string { return strings.Join(e.Problems, "; ") }
