package reqlog

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// keptBody is a body as a record keeps it: at most the bound's bytes of
// it, copied, and whether that is the whole body and JSON. It is made JSON
// (json) only when a record is read: answering a request costs a copy of
// its bodies, not their encoding, which was most of the cost of recording
// a long answer such as a page of 100 opportunities.
type keptBody struct {
	text   []byte // the body, cut at the bound on a character boundary
	whole  int    // the body's length
	isJSON bool   // text is the whole body, and JSON
}

// keepBody keeps b under limit. A body known to be JSON (pcs's own
// answers) is not checked again.
func keepBody(b []byte, limit int, knownJSON bool) keptBody {
	if len(b) == 0 {
		return keptBody{}
	}
	k := keptBody{whole: len(b)}
	text := b
	if len(text) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	} else {
		k.isJSON = knownJSON || json.Valid(b)
	}
	k.text = append([]byte(nil), text...)
	return k
}

// json is the body as a Record shows it: the JSON itself when it is JSON
// of at most the bound, else a JSON string of its text, marked when cut.
// nil for an empty body.
func (k keptBody) json() json.RawMessage {
	switch {
	case k.whole == 0:
		return nil
	case k.isJSON:
		return k.text
	}
	s := strings.ToValidUTF8(string(k.text), "\uFFFD")
	if k.whole > len(k.text) {
		s += fmt.Sprintf("…[truncated: %d of %d bytes kept]", len(k.text), k.whole)
	}
	out, _ := json.Marshal(s) // a string always marshals
	return out
}
