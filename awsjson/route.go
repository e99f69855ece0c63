package awsjson

import (
	"fmt"
	"net/http"
	"strings"

	"pcs/api"
)

// targetHeader names the operation in AWS JSON 1.0; the SDK presigners
// hoist it into the query string under the same name.
const targetHeader = "X-Amz-Target"

// naming is one place of a request that names its operation.
type naming struct {
	where  string // for messages: "X-Amz-Target header", "query X-Amz-Target", "path"
	sent   string // as the request has it
	target string // as an X-Amz-Target value
}

// resolve finds the operation a request names: in the X-Amz-Target header,
// in the query's X-Amz-Target (presigned URLs), or as POST /<Operation>.
//
// Every place that names an operation must name the same one. A signature
// always covers the path and the query, but covers a header only when the
// client listed it as signed; were one place to win over the others, an
// unsigned X-Amz-Target added to a request signed (or presigned) for a read
// would run a write. A disagreement is UnknownOperationException: it is the
// front end's answer when it cannot tell which operation is meant (as for a
// missing or unknown target), and the body, which SerializationException
// is about, is not yet read. (Strict authentication also requires a sent
// X-Amz-Target header to be signed; see sigv4.Strict.)
func resolve(r *http.Request) (*api.Operation, error) {
	var names []naming
	for _, v := range r.Header.Values(targetHeader) {
		if v != "" {
			names = append(names, naming{targetHeader + " header", v, v})
		}
	}
	if r.URL.RawQuery != "" {
		for _, v := range r.URL.Query()[targetHeader] {
			if v != "" {
				names = append(names, naming{"query " + targetHeader, v, v})
			}
		}
	}
	// A path that is not an operation's name names nothing: a target sent
	// with it decides, as before (an endpoint may carry a path of its own).
	pathName, _ := strings.CutPrefix(r.URL.Path, "/")
	if api.Operations[pathName] != nil {
		names = append(names, naming{"path", r.URL.Path, TargetPrefix + pathName})
	}

	if len(names) == 0 {
		if pathName != "" {
			return nil, unknownOperation(fmt.Sprintf("No operation %q: POST / with X-Amz-Target: %s<Operation>, or POST /<Operation>.", pathName, TargetPrefix))
		}
		return nil, unknownOperation(fmt.Sprintf("Missing X-Amz-Target header: send X-Amz-Target: %s<Operation>.", TargetPrefix))
	}
	target := names[0].target
	for _, n := range names[1:] {
		if n.target != target {
			return nil, disagreement(names)
		}
	}
	if name, ok := strings.CutPrefix(target, TargetPrefix); ok {
		if op := api.Operations[name]; op != nil {
			return op, nil
		}
	}
	return nil, unknownOperation(fmt.Sprintf("X-Amz-Target %q does not name an operation of %s.", target, strings.TrimSuffix(TargetPrefix, ".")))
}

func disagreement(names []naming) error {
	var b strings.Builder
	b.WriteString("The request names more than one operation:")
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s %q", n.where, n.sent)
	}
	b.WriteString(". Name the operation once (X-Amz-Target), or the same operation everywhere.")
	return unknownOperation(b.String())
}
