package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"

	"pcs/export"
)

const exportUsage = `Usage:
  pcs export [-o FILE]                                     copy everything
  pcs export -account ID [-catalog AWS|Sandbox] [-o FILE]  copy one partner account

Copies the records of a running pcs (GET /_pcs/export), read in one
transaction, to -o or the standard output, as a pcs-export file
(docs/storage.md): JSON lines, versioned, readable by every later pcs.
Without -account the copy is the whole store, with its settings and the
pcs clock; with -account it is that partner's records (in -catalog only, or
both catalogs) and its side of what it shares. The file is checked as it
comes; one cut short is refused, and -o keeps no part of it.
pcs import loads it.`

const importUsage = `Usage:
  pcs import [-replace] FILE   load a pcs-export file ("-": the standard input)

Loads what pcs export wrote into a running pcs (POST /_pcs/import), in one
transaction, and prints what it loaded. The store must hold nothing of what
the file brings (nothing at all for a copy of everything, nothing of the
account for a copy of one); -replace deletes that first, as pcs reset does,
in the same transaction. A copy of everything brings the pcs clock with it.`

const seedUsage = `Usage:
  pcs seed FILE   load a fixture ("-": the standard input)

Loads a fixture written in the API's own shapes (docs/fixtures.md) into a
running pcs (POST /_pcs/seed), through the API's operations and AWS's side,
and prints what each entry made. It adds to what pcs holds; the first entry
the service refuses stops it, named in the error. fixtures/ has samples.`

func exportCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	ef := newEnvFlags("pcs export", noPrefix, stderr, exportUsage)
	admin := adminFlags(ef)
	var account, catalog, out string
	ef.fs.StringVar(&account, "account", "", "copy only this 12-digit partner `account`")
	ef.fs.StringVar(&catalog, "catalog", "", "with -account, copy only this `catalog`: AWS or Sandbox")
	ef.fs.StringVar(&out, "o", "", "`file` to write; the standard output when empty")
	if err := ef.parse(args, getenv); err != nil {
		return err
	}
	if ef.fs.NArg() > 0 {
		fmt.Fprintln(stderr, exportUsage)
		return errUsage
	}
	q := url.Values{}
	if account != "" {
		q.Set("account", account)
	}
	if catalog != "" {
		q.Set("catalog", catalog)
	}
	path := "/_pcs/export"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	resp, err := admin.do(ctx, http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == "" {
		n, err := copyExport(stdout, resp.Body)
		if err == nil {
			fmt.Fprintf(stderr, "exported %d records\n", n)
		}
		return err
	}
	// Written beside its place and renamed once whole: -o never holds a
	// part of a copy.
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	n, err := copyExport(tmp, resp.Body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d records to %s\n", n, out)
	return nil
}

// copyExport copies an export from r to w, reading it as it goes, and
// returns how many records it holds; a file cut short is an error.
func copyExport(w io.Writer, r io.Reader) (int64, error) {
	tee := io.TeeReader(r, w)
	rd, err := export.NewReader(tee)
	if err != nil {
		return 0, err
	}
	var n int64
	for {
		_, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, fmt.Errorf("the export: %w", err)
		}
		n++
	}
	_, err = io.Copy(io.Discard, tee)
	return n, err
}

// fileArg opens the one file argument of a command, "-" being the
// standard input.
func fileArg(ef *envFlags, usage string, stderr io.Writer) (io.ReadCloser, error) {
	if ef.fs.NArg() != 1 {
		fmt.Fprintln(stderr, usage)
		return nil, errUsage
	}
	name := ef.fs.Arg(0)
	if name == "-" {
		return io.NopCloser(os.Stdin), nil
	}
	return os.Open(name)
}

// printJSON prints an admin answer indented.
func printJSON(stdout io.Writer, out []byte) error {
	var pretty any
	if json.Unmarshal(out, &pretty) == nil {
		if b, err := json.MarshalIndent(pretty, "", "  "); err == nil {
			out = append(b, '\n')
		}
	}
	_, err := stdout.Write(out)
	return err
}

func importCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	ef := newEnvFlags("pcs import", noPrefix, stderr, importUsage)
	admin := adminFlags(ef)
	var replace bool
	ef.fs.BoolVar(&replace, "replace", false, "delete what the store holds of what the file brings first, in the same transaction")
	if err := ef.parse(args, getenv); err != nil {
		return err
	}
	path := "/_pcs/import"
	if replace {
		path += "?replace=true"
	}
	return postFile(ctx, admin, path, ef, importUsage, stdout, stderr)
}

func seedCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	ef := newEnvFlags("pcs seed", noPrefix, stderr, seedUsage)
	admin := adminFlags(ef)
	if err := ef.parse(args, getenv); err != nil {
		return err
	}
	return postFile(ctx, admin, "/_pcs/seed", ef, seedUsage, stdout, stderr)
}

// postFile posts the command's one file argument to path and prints the
// answer.
func postFile(ctx context.Context, admin *adminClient, path string, ef *envFlags, usage string, stdout, stderr io.Writer) error {
	f, err := fileArg(ef, usage, stderr)
	if err != nil {
		return err
	}
	defer f.Close()
	out, err := admin.send(ctx, http.MethodPost, path, f)
	if err != nil {
		return err
	}
	return printJSON(stdout, out)
}
