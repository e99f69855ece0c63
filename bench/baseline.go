package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"

	"pcs/sigv4"
)

// The baselines: what a server does at least for the same exchange.
const (
	// BaselineSigV4 verifies each request's signature as pcs does (the
	// same sigv4 Authenticator as the pcs measured, see BaselineAuth),
	// then answers the bytes pcs answered. The goals are stated against it.
	BaselineSigV4 = "sigv4"
	// BaselineBare answers the bytes pcs answered, reading the body and
	// nothing more: the cost of HTTP alone.
	BaselineBare = "bare"
)

// ParseBaselines reads a comma-separated list of baselines: sigv4, bare
// or both.
func ParseBaselines(list string) ([]string, error) {
	return parseNames(list, "baseline", []string{BaselineSigV4, BaselineBare},
		map[string][]string{"both": {BaselineSigV4, BaselineBare}})
}

// Auth modes of the pcs measured, and of the SigV4 baseline with it.
const (
	// AuthStrict recomputes every signature from the secret (pcs serve
	// -auth strict with a credentials file holding the bench's key).
	AuthStrict = "strict"
	// AuthLocal checks each signature's form and scope only (pcs serve's
	// default, -auth local).
	AuthLocal = "local"
)

// BaselineAuth is the Authenticator the SigV4 baseline verifies with: the
// one pcs serve builds for the same -auth mode and credential.
func BaselineAuth(mode string, cred sigv4.Credential) (sigv4.Authenticator, error) {
	switch mode {
	case AuthStrict:
		if cred.AccountID == "" {
			cred.AccountID = sigv4.AccountFor(cred.AccessKeyID, sigv4.DefaultAccount)
		}
		return sigv4.Strict{Regions: []string{sigv4.ServiceRegion}, Credentials: sigv4.NewStaticCredentials(cred)}, nil
	case AuthLocal:
		return sigv4.Local{}, nil
	}
	return nil, fmt.Errorf("auth mode %q: want strict or local", mode)
}

// BaselineHandler answers each operation (by X-Amz-Target) with a fixed
// response: the least an HTTP server can do for the same exchange. With
// auth it first verifies the request's signature, as pcs does, and
// answers 403 with the error when it does not verify. It also answers
// GET /_pcs/health and GET /_pcs/metrics (its heap allocations, the one
// series the harness reads from pcs too).
func BaselineHandler(answers map[string]*Response, auth sigv4.Authenticator) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/_pcs/health":
			w.WriteHeader(http.StatusOK)
			return
		case "/_pcs/metrics":
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			w.Header().Set("Content-Type", "text/plain; version=0.0.4")
			fmt.Fprintf(w, "# TYPE %s counter\n%s %d\n", mallocsSeries, mallocsSeries, ms.Mallocs)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if auth != nil {
			if _, err := auth.Authenticate(r, body); err != nil {
				http.Error(w, "the baseline could not verify the signature: "+err.Error(), http.StatusForbidden)
				return
			}
		}
		_, op, _ := strings.Cut(r.Header.Get("X-Amz-Target"), ".")
		a := answers[op]
		if a == nil {
			http.Error(w, "the baseline has no answer for "+op, http.StatusNotImplemented)
			return
		}
		for k, v := range a.Header {
			switch k {
			case "Date", "Content-Length":
			default:
				w.Header()[k] = v
			}
		}
		w.WriteHeader(a.Status)
		w.Write(a.Body)
	})
}

// WriteAnswers saves the answers a baseline process is to give.
func WriteAnswers(path string, answers map[string]*Response) error {
	b, err := json.Marshal(answers)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// ServeBaseline runs a baseline server on addr until ctx ends: the
// answers are read from the file WriteAnswers wrote, auth is nil for the
// bare baseline. It is the body of the baseline process the harness
// starts, so that its CPU time is its own.
func ServeBaseline(ctx context.Context, addr, answersFile string, auth sigv4.Authenticator) error {
	b, err := os.ReadFile(answersFile)
	if err != nil {
		return err
	}
	var answers map[string]*Response
	if err := json.Unmarshal(b, &answers); err != nil {
		return fmt.Errorf("%s: %w", answersFile, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: BaselineHandler(answers, auth), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
