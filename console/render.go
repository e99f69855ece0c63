package console

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"pcs/api"
	"pcs/store"
)

//go:embed templates
var templateFiles embed.FS

// pages are the parsed templates, one set per page: the layout, the shared
// parts, and the page's own "content".
type pages map[string]*template.Template

var pageNames = []string{"sign-in", "error", "overview", "opportunities", "opportunity", "invitations",
	"engagements", "engagement", "tasks", "events", "aws", "system", "result"}

func parsePages() pages {
	p := pages{}
	for _, name := range pageNames {
		p[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFiles,
			"templates/layout.html", "templates/parts.html", "templates/"+name+".html"))
	}
	return p
}

// view is what every page gets: the layout's needs and the page's Data.
type view struct {
	Title  string
	Page   string
	Prefix string
	Scope  store.Scope
	Scopes []store.Scope
	CSRF   string
	// SignOut is offered when a token protects the console.
	SignOut bool
	Now     time.Time // the pcs clock
	Skew    time.Duration
	Data    any
}

// render writes page name with data; a failure to render is logged, the
// page being half written already.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	v := view{Title: title, Page: name, Prefix: Prefix, Data: data, CSRF: h.csrfToken(sessionOf(r.Context())),
		SignOut: h.cfg.Token != "" && !open(r.URL.Path)}
	if name != "sign-in" {
		v.Scope, v.Scopes = h.scopeOf(r)
		if h.cfg.Jobs != nil {
			v.Now, v.Skew = h.cfg.Jobs.Now(), h.cfg.Jobs.Skew()
		}
	}
	var buf bytes.Buffer
	if err := h.pages[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		h.log.Error("console: render", "page", name, "err", err)
		http.Error(w, "the console failed to render this page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorView struct {
	Message string
}

var funcs = template.FuncMap{
	"val":     val,
	"when":    when,
	"until":   until,
	"pretty":  pretty,
	"tree":    tree,
	"isMap":   func(v any) bool { _, ok := v.(map[string]any); return ok },
	"isList":  func(v any) bool { _, ok := v.([]any); return ok },
	"link":    link,
	"add":     func(a, b int) int { return a + b },
	"hasText": func(v any) bool { return val(v) != "" },
	"navItem": navItem,
	"pair":    func(v view, x any) pair { return pair{View: v, X: x} },
}

// pair hands a part both the page's view and a value of its own.
type pair struct {
	View view
	X    any
}

type navLink struct {
	Href, Label string
	Current     bool
}

// navItem is the nav bar's link to path, which keeps the scope shown.
func navItem(v view, path, label string) navLink {
	page := v.Page
	switch page {
	case "overview":
		page = ""
	case "opportunity", "engagement":
		page += "s"
	}
	return navLink{Href: link(path, "account", v.Scope.Account, "catalog", v.Scope.Catalog), Label: label, Current: page == path}
}

// val shows a value as text: pointers followed, nil as "".
func val(v any) string {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface) {
		if rv.IsNil() {
			return ""
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return ""
	}
	switch x := rv.Interface().(type) {
	case api.DateTime:
		return when(x.Time)
	case time.Time:
		return when(x)
	}
	return fmt.Sprint(rv.Interface())
}

// when shows an instant in UTC, as the pcs clock tells it.
func when(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	case *api.DateTime:
		if x == nil {
			return ""
		}
		t = x.Time
	case api.DateTime:
		t = x.Time
	}
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// until says how long from now (the pcs clock) to t, or how long ago.
func until(t *api.DateTime, now time.Time) string {
	if t == nil {
		return ""
	}
	d := t.Sub(now).Round(time.Minute)
	if d < 0 {
		return humanDuration(-d) + " ago"
	}
	return "in " + humanDuration(d)
}

func humanDuration(d time.Duration) string {
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	hours := int(d / time.Hour)
	mins := int((d - time.Duration(hours)*time.Hour) / time.Minute)
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh", days, hours)
	case hours > 0:
		return fmt.Sprintf("%dh %dm", hours, mins)
	}
	return fmt.Sprintf("%dm", mins)
}

// pretty is v as indented JSON (a JSON document in bytes is re-indented).
func pretty(v any) string {
	var b []byte
	switch x := v.(type) {
	case []byte:
		var out bytes.Buffer
		if json.Indent(&out, x, "", "  ") == nil {
			return out.String()
		}
		return string(x)
	case json.RawMessage:
		return pretty([]byte(x))
	default:
		b, _ = json.MarshalIndent(v, "", "  ")
	}
	return string(b)
}

// tree is v as the API sends it: decoded JSON (maps, lists, scalars), for
// the "value" template to show every field.
func tree(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// link is a console URL: path under the prefix and query pairs.
func link(path string, pairs ...any) string {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if s := val(pairs[i+1]); s != "" {
			q.Add(val(pairs[i]), s)
		}
	}
	u := Prefix + strings.TrimPrefix(path, "/")
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}
