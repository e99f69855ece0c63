package admin

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"

	"pcs/export"
	"pcs/selling"
)

// ExportRequest says what GET /_pcs/export copies; the zero request
// copies everything.
type ExportRequest struct {
	// Account limits the copy to one partner account and its side of what
	// it shares; empty is the whole store.
	Account string `json:",omitempty"`
	// Catalog limits an export of one account to one catalog.
	Catalog string `json:",omitempty"`
}

// ImportResult is what an import did.
type ImportResult struct {
	// Header is the imported file's first line.
	Header export.Header
	// Records counts the records loaded, by kind.
	Records map[string]int64
	// Deleted is what a replacing import deleted first, as a reset would.
	Deleted *ResetCounts `json:",omitempty"`
	// Clock is the pcs clock after the import: an import of a whole store
	// brings the exported pcs's.
	Clock map[string]string
}

func (h *Handler) routeExport() {
	h.mux.HandleFunc("GET /_pcs/export", h.export)
	h.mux.HandleFunc("POST /_pcs/import", h.importFile)
}

// Export writes a pcs-export file of what req names to w, read in one
// transaction (selling.Export), and returns how many records it wrote.
func (h *Handler) Export(ctx context.Context, req ExportRequest, w io.Writer) (int64, error) {
	return selling.Export(ctx, h.svc, export.Header{PCS: h.version, Account: req.Account, Catalog: req.Catalog}, w)
}

// Import loads a pcs-export file in one transaction (selling.Import):
// into a store empty of what it brings, or, with replace, in place of it.
// Then, for an import of a whole store, the pcs clock goes where the
// exported pcs's was; a replacing import clears the fault rules and quota
// budgets of what it replaced, as a reset does. r is read from its start
// as often as the store runs the transaction.
func (h *Handler) Import(ctx context.Context, r io.ReadSeeker, replace bool) (*ImportResult, error) {
	res, err := selling.Import(ctx, h.svc, r, replace)
	if err != nil {
		return nil, err
	}
	out := &ImportResult{Header: res.Header, Records: res.Records}
	if replace {
		out.Deleted = &ResetCounts{Deleted: res.Deleted}
		out.Deleted.FaultRules, out.Deleted.QuotaBudgets = h.resets.clear(res.Header.Account)
	}
	if res.Header.Whole() {
		if err := h.jobs.ReloadClock(ctx); err != nil {
			return nil, err
		}
	}
	out.Clock = h.clockState()
	h.log.Info("import", "account", res.Header.Account, "catalog", res.Header.Catalog, "replace", replace,
		"from", res.Header.PCS, "exported", res.Header.Exported, "opportunities", res.Records["opportunity"])
	return out, nil
}

// countingWriter tells whether anything was written.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k := range q {
		if k != "account" && k != "catalog" {
			writeError(w, http.StatusBadRequest, "unknown parameter "+k+": GET /_pcs/export takes account and catalog, each optional")
			return
		}
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	out := &countingWriter{w: w}
	n, err := h.Export(r.Context(), ExportRequest{Account: q.Get("account"), Catalog: q.Get("catalog")}, out)
	if err != nil {
		if out.n == 0 {
			w.Header().Del("Content-Type")
			h.fail(w, err)
			return
		}
		// The answer has begun: end it without its last line, which tells
		// the reader it was cut short.
		h.log.Error("export failed", "err", err, "records", n)
		panic(http.ErrAbortHandler)
	}
}

func (h *Handler) importFile(w http.ResponseWriter, r *http.Request) {
	replace := false
	for k, v := range r.URL.Query() {
		if k != "replace" {
			writeError(w, http.StatusBadRequest, "unknown parameter "+k+": POST /_pcs/import takes replace=true")
			return
		}
		b, err := strconv.ParseBool(v[0])
		if err != nil {
			writeError(w, http.StatusBadRequest, "replace must be true or false")
			return
		}
		replace = b
	}
	// The file is received whole before the import's transaction begins,
	// so that a slow upload holds no writer.
	spool, err := os.CreateTemp("", "pcs-import-*.jsonl")
	if err != nil {
		h.fail(w, err)
		return
	}
	defer os.Remove(spool.Name())
	defer spool.Close()
	if _, err := io.Copy(spool, r.Body); err != nil {
		writeError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		h.fail(w, fmt.Errorf("import: %w", err))
		return
	}
	res, err := h.Import(r.Context(), spool, replace)
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
