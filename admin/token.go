package admin

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// requireToken lets through only admin requests that carry
// "Authorization: Bearer <token>". GET /_pcs/health stays open, for load
// balancers and readiness probes; it tells nothing but the version.
// Tokens are compared in constant time (over their hashes, so the length
// leaks nothing either).
func requireToken(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == Prefix+"health" {
			next.ServeHTTP(w, r)
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pcs admin"`)
			writeError(w, http.StatusUnauthorized, "admin endpoints need Authorization: Bearer <token> (the -admin-token pcs was started with; the pcs commands send $PCS_ADMIN_TOKEN)")
			return
		}
		next.ServeHTTP(w, r)
	})
}
