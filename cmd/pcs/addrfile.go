package main

import (
	"os"
	"path/filepath"
)

// writeAddrFile writes url and a newline to path atomically: a reader
// polling for the file finds it whole or not at all.
func writeAddrFile(path, url string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".pcs-addr-*")
	if err != nil {
		return err
	}
	_, err = f.WriteString(url + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
