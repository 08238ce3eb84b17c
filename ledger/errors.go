package ledger

import (
	"errors"
	"fmt"
)

// Error codes say what kind of failure happened; the message is safe to
// show a user as it is.
const (
	EINVALID  = "invalid"   // the input is wrong: fix it and try again
	ENOTFOUND = "not found" // the thing named does not exist
	ECONFLICT = "conflict"  // the ledger's state forbids it (already issued, already void, …)
	EINTERNAL = "internal"  // a bug or a broken file
	EDENIED   = "denied"    // the user's role on an office ledger does not allow it
)

// Error is a ledger error with a code and a user-safe message.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an *Error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}
