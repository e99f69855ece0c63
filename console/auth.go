package console

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

// The console is protected by the admin token as /_pcs/ is: a request
// carries it as "Authorization: Bearer <token>" (tools, tests) or in the
// session cookie the sign-in form sets. Without a token the cookie holds a
// random session id. Either way every POST from a browser must carry the
// session's CSRF token, a MAC of the cookie, in its csrf field; the cookie
// is SameSite=Strict besides, so another site can neither send it nor
// read the field.

const (
	cookieName = "pcs_console"
	csrfField  = "csrf"
	// maxForm bounds a form's body, as admin bodies are bounded.
	maxForm = 1 << 20
)

type sessionKey struct{}

// session is what the guard learned of a request.
type session struct {
	id     string // the cookie's value: the token, or a random id
	bearer bool   // authenticated by header, not by cookie: no CSRF to check
}

func sessionOf(ctx context.Context) session {
	s, _ := ctx.Value(sessionKey{}).(session)
	return s
}

// open are the paths served to anyone: the sign-in form and the assets it
// needs.
func open(path string) bool {
	return path == Prefix+"sign-in" || strings.HasPrefix(path, Prefix+"assets/")
}

func (h *Handler) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		}
		if open(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		var sess session
		cookie, _ := r.Cookie(cookieName)
		switch {
		case h.cfg.Token != "":
			bearer, isBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			switch {
			case isBearer && h.isToken(strings.TrimSpace(bearer)):
				sess = session{id: h.cfg.Token, bearer: true}
			case cookie != nil && h.isToken(cookie.Value):
				sess = session{id: cookie.Value}
			case r.Method == http.MethodGet:
				http.Redirect(w, r, Prefix+"sign-in?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			default:
				h.render(w, r, http.StatusUnauthorized, "error", "Sign in", errorView{
					Message: "The console needs the admin token: sign in first."})
				return
			}
		case cookie != nil && cookie.Value != "":
			sess = session{id: cookie.Value}
		default:
			sess = session{id: randomID()}
			h.setCookie(w, r, sess.id)
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !sess.bearer && !h.validCSRF(r, sess) {
			h.render(w, r, http.StatusForbidden, "error", "Refused", errorView{
				Message: "This form is stale or came from another site (its CSRF token does not match your session). Reload the page and try again."})
			return
		}
		ctx := context.WithValue(r.Context(), sessionKey{}, sess)
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, scopesKey{}, &scopesMemo{})))
	})
}

// isToken compares in constant time, over hashes so the length leaks
// nothing either.
func (h *Handler) isToken(got string) bool {
	want := sha256.Sum256([]byte(h.cfg.Token))
	sum := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(sum[:], want[:]) == 1
}

func (h *Handler) csrfToken(sess session) string {
	if sess.id == "" {
		return ""
	}
	m := hmac.New(sha256.New, h.secret)
	m.Write([]byte("csrf\x00" + sess.id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (h *Handler) validCSRF(r *http.Request, sess session) bool {
	// A browser that says where the form came from must say this host.
	if o := r.Header.Get("Origin"); o != "" {
		if u, err := url.Parse(o); err != nil || u.Host != r.Host {
			return false
		}
	}
	got := r.PostFormValue(csrfField)
	want := h.csrfToken(sess)
	return want != "" && hmac.Equal([]byte(got), []byte(want))
}

func (h *Handler) setCookie(w http.ResponseWriter, r *http.Request, value string) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: value, Path: Prefix, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
}

func randomID() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

type signInView struct {
	Next    string
	Problem string
	NoToken bool
}

// nextPage keeps a sign-in's "next" inside the console.
func nextPage(v string) string {
	if !strings.HasPrefix(v, Prefix) || strings.HasPrefix(v, "//") || strings.ContainsAny(v, "\\\r\n") {
		return Prefix
	}
	return v
}

func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "sign-in", "Sign in", signInView{Next: nextPage(r.URL.Query().Get("next")), NoToken: h.cfg.Token == ""})
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	next := nextPage(r.PostFormValue("next"))
	if h.cfg.Token == "" {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	token := strings.TrimSpace(r.PostFormValue("token"))
	if !h.isToken(token) {
		h.render(w, r, http.StatusUnauthorized, "sign-in", "Sign in", signInView{Next: next,
			Problem: "That is not the admin token pcs was started with (-admin-token or PCS_ADMIN_TOKEN)."})
		return
	}
	h.setCookie(w, r, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: Prefix, MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, Prefix+"sign-in", http.StatusSeeOther)
}
