// Package export is the file pcs export writes and pcs import reads: a
// copy of a store's records (all of them, or one account's), as JSON
// lines. docs/storage.md documents the format; this package is its one
// implementation.
//
// The first line is the Header ({"format": "pcs-export", "version": 1,
// ...}); then one record a line, each {"kind": ..., the record's fields};
// the last line is {"kind": "end", "records": N}, so that a file cut
// short is refused rather than read as a smaller store.
//
// The promise: a reader of version N reads every version from 1 to N (a
// later pcs reads what an earlier one wrote; decoders keeps one decoder
// per version), and refuses a newer version with a message that names
// both. Any change to a record's fields is a new version.
package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"pcs/store"
)

const (
	// Format is the header's "format".
	Format = "pcs-export"
	// Version is the version this pcs writes, the latest it reads.
	Version = 1
)

// Header is the first line of an export.
type Header struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// PCS is the version of the pcs that wrote the file.
	PCS string `json:"pcs,omitempty"`
	// Exported is when, on the wall clock.
	Exported time.Time `json:"exported"`
	// Account, when set, makes it an export of one account (and Catalog,
	// when set, of one catalog); without, it holds the whole store.
	Account string `json:"account,omitempty"`
	Catalog string `json:"catalog,omitempty"`
}

// Whole reports whether the file holds the whole store.
func (h Header) Whole() bool { return h.Account == "" }

// ErrTruncated means the file ended before its end line.
var ErrTruncated = errors.New("the export ends before its last line: it was cut short")

// Writer writes an export.
type Writer struct {
	enc *json.Encoder
	n   int64
}

// NewWriter writes h (its Format and Version filled in) to w and returns
// the Writer of the records that follow.
func NewWriter(w io.Writer, h Header) (*Writer, error) {
	h.Format, h.Version = Format, Version
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // documents stay as stored
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	return &Writer{enc: enc}, nil
}

// Write writes one record.
func (w *Writer) Write(r store.Record) error {
	line, err := encode(r)
	if err != nil {
		return err
	}
	if err := w.enc.Encode(line); err != nil {
		return err
	}
	w.n++
	return nil
}

// Records is how many records were written.
func (w *Writer) Records() int64 { return w.n }

// Close writes the end line; the file is whole once it is written.
func (w *Writer) Close() error { return w.enc.Encode(endLine{Kind: kindEnd, Records: w.n}) }

// Reader reads an export.
type Reader struct {
	r      *bufio.Reader
	header Header
	decode func(kind string, line []byte) (store.Record, error)
	line   int
	n      int64
	done   bool
}

// NewReader reads the header of an export from r. A file that is no
// export, or of a version newer than this pcs reads, is refused here.
func NewReader(r io.Reader) (*Reader, error) {
	rd := &Reader{r: bufio.NewReaderSize(r, 1<<16)}
	line, err := rd.next()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty: it is no pcs export")
	}
	if err != nil {
		return nil, err
	}
	var h Header
	if err := json.Unmarshal(line, &h); err != nil || h.Format != Format {
		return nil, fmt.Errorf(`the file is no pcs export: its first line must be {"format": %q, "version": …}`, Format)
	}
	dec, ok := decoders[h.Version]
	switch {
	case h.Version > Version:
		return nil, fmt.Errorf("the file is a pcs export of version %d, newer than this pcs (%s) reads (versions 1 to %d): import it with a newer pcs",
			h.Version, h.PCS, Version)
	case !ok:
		return nil, fmt.Errorf("the file is a pcs export of version %d, which no pcs wrote", h.Version)
	}
	rd.header, rd.decode = h, dec
	return rd, nil
}

// Header is the file's header.
func (r *Reader) Header() Header { return r.header }

// Next returns the next record; io.EOF after the last one, once the end
// line has confirmed how many there were.
func (r *Reader) Next() (store.Record, error) {
	if r.done {
		return store.Record{}, io.EOF
	}
	line, err := r.next()
	if errors.Is(err, io.EOF) {
		return store.Record{}, ErrTruncated
	}
	if err != nil {
		return store.Record{}, err
	}
	var k struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(line, &k); err != nil {
		return store.Record{}, fmt.Errorf("line %d: %v", r.line, err)
	}
	if k.Kind == kindEnd {
		var end endLine
		if err := strict(line, &end); err != nil {
			return store.Record{}, fmt.Errorf("line %d: %v", r.line, err)
		}
		if end.Records != r.n {
			return store.Record{}, fmt.Errorf("line %d: the export says it holds %d records, but %d came before it", r.line, end.Records, r.n)
		}
		r.done = true
		return store.Record{}, io.EOF
	}
	rec, err := r.decode(k.Kind, line)
	if err != nil {
		return store.Record{}, fmt.Errorf("line %d: %v", r.line, err)
	}
	r.n++
	return rec, nil
}

// Line is the line number of the record Next returned last.
func (r *Reader) Line() int { return r.line }

// next reads one line without its newline; blank lines are skipped.
func (r *Reader) next() ([]byte, error) {
	for {
		line, err := r.r.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			return nil, err
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		r.line++
		if line = bytes.TrimSpace(line); len(line) > 0 {
			return line, nil
		}
	}
}

// strict decodes one line into v, refusing members v does not have: a
// change of the format is a new version, never a member to ignore.
func strict(line []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
