package reqlog

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// bodyJSON is a body as a record keeps it: the JSON itself when it is JSON
// of at most limit bytes, else a JSON string of its text, cut at limit
// bytes (on a character boundary) and marked. nil for an empty body.
// A body known to be JSON (pcs's own answers) is not checked again: the
// check is most of the cost of recording a long answer.
func bodyJSON(b []byte, limit int, knownJSON bool) json.RawMessage {
	if len(b) == 0 {
		return nil
	}
	if len(b) <= limit && (knownJSON || json.Valid(b)) {
		return json.RawMessage(append([]byte{}, b...))
	}
	text := b
	if len(text) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	s := strings.ToValidUTF8(string(text), "\uFFFD")
	if len(b) > limit {
		s += fmt.Sprintf("…[truncated: %d of %d bytes kept]", len(text), len(b))
	}
	out, _ := json.Marshal(s) // a string always marshals
	return out
}
