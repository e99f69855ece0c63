package admin_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"pcs/internal/apitest"
	"pcs/server"
)

// TestExportAndImportOverHTTP copies a pcs whose clock was moved into
// another: the records, and the clock with them.
func TestExportAndImportOverHTTP(t *testing.T) {
	from := adminServer(t)
	id := createOpportunity(t, from)
	if status, got := from.Admin(http.MethodPost, "/_pcs/clock/advance", token, `{"By": "2h"}`); status != 200 {
		t.Fatalf("advance: %d %v", status, got)
	}
	status, file := from.AdminRaw(http.MethodGet, "/_pcs/export", token, "")
	if status != 200 || !bytes.HasPrefix(file, []byte(`{"format":"pcs-export","version":1,"pcs":"test",`)) ||
		!bytes.HasSuffix(file, []byte("{\"kind\":\"end\",\"records\":"+strconv.Itoa(bytes.Count(file, []byte("\n"))-2)+"}\n")) {
		t.Fatalf("GET /_pcs/export: %d\n%s", status, file)
	}

	to := apitest.NewWith(t, server.Config{AdminToken: token})
	status, res := to.Admin(http.MethodPost, "/_pcs/import", token, string(file))
	if status != 200 {
		t.Fatalf("POST /_pcs/import: %d %v", status, res)
	}
	if res["Records"].(map[string]any)["opportunity"] != 1.0 || res["Clock"].(map[string]any)["AheadOfWallClock"] != "2h0m0s" {
		t.Errorf("import answered %v; want an opportunity and the clock 2h ahead", res)
	}
	to.OK("GetOpportunity", map[string]any{"Catalog": "Sandbox", "Identifier": id})

	// Again: the store is not empty any more, unless replaced.
	if status, res := to.Admin(http.MethodPost, "/_pcs/import", token, string(file)); status != 400 ||
		!strings.Contains(res["error"].(string), "import into an empty store, or replace what it holds") {
		t.Errorf("a second import: %d %v", status, res)
	}
	if status, res := to.Admin(http.MethodPost, "/_pcs/import?replace=true", token, string(file)); status != 200 || res["Deleted"] == nil {
		t.Errorf("a replacing import: %d %v", status, res)
	}
}

func TestExportAndImportRequests(t *testing.T) {
	s := adminServer(t)
	tests := []struct {
		name, method, path, auth, body string
		status                         int
		want                           string
	}{
		{"one account", "GET", "/_pcs/export?account=111111111111&catalog=AWS", token, "", 200, `"account":"111111111111","catalog":"AWS"}`},
		{"a catalog of every account", "GET", "/_pcs/export?catalog=AWS", token, "", 400, "give the Account too"},
		{"a bad account", "GET", "/_pcs/export?account=12", token, "", 400, "Account must be a 12-digit AWS account id"},
		{"an unknown parameter", "GET", "/_pcs/export?acount=111111111111", token, "", 400, "unknown parameter acount"},
		{"no token", "GET", "/_pcs/export", "", "", 401, "Authorization: Bearer"},
		{"not an export", "POST", "/_pcs/import", token, `{"accounts": {}}`, 400, "the file is no pcs export"},
		{"a newer export", "POST", "/_pcs/import", token, `{"format":"pcs-export","version":7}`, 400, "version 7, newer than this pcs"},
		{"replace what", "POST", "/_pcs/import?replace=maybe", token, "", 400, "replace must be true or false"},
		{"import without a token", "POST", "/_pcs/import", "", "", 401, "Authorization: Bearer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, s.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if tt.auth != "" {
				req.Header.Set("Authorization", "Bearer "+tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.want) {
				t.Errorf("HTTP %d %s, want %d with %q", resp.StatusCode, b, tt.status, tt.want)
			}
			if tt.status != 200 {
				var m map[string]any
				if err := json.Unmarshal(b, &m); err != nil {
					t.Errorf("an error answer that is not JSON: %s", b)
				}
			}
		})
	}
}
