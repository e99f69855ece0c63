// Command gen generates package api from the botocore service model and paginators of the
// Partner Central Selling API, with the documentation of docs.json. It is run by go
// generate in model/:
//
//	go run ../internal/gen -model service.json -paginators paginators.json -docs docs.json -out ../api
//
// Every file it writes is named *.gen.go; *.gen.go files in the output directory that it
// no longer produces are removed. The output depends only on the input files.
//
// With -extract-docs, it instead writes docs.json from a botocore model that has its
// documentation (service-2.json), keeping the first sentence of each entry (see Docs):
//
//	go run ./internal/gen -extract-docs path/to/service-2.json -docs model/docs.json
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	modelPath := flag.String("model", "service.json", "botocore service model (JSON)")
	pagPath := flag.String("paginators", "paginators.json", "botocore paginators (JSON)")
	docsPath := flag.String("docs", "", "documentation extracted from the model (JSON); none if empty")
	outDir := flag.String("out", "../api", "output directory (package api)")
	extract := flag.String("extract-docs", "", "write -docs from this botocore model with documentation, and generate nothing")
	flag.Parse()
	var err error
	if *extract != "" {
		err = writeDocs(*extract, *docsPath)
	} else {
		err = run(*modelPath, *pagPath, *docsPath, *outDir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(modelPath, pagPath, docsPath, outDir string) error {
	files, err := generateFromFiles(modelPath, pagPath, docsPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(outDir, "*.gen.go"))
	if err != nil {
		return err
	}
	for _, path := range old {
		if _, ok := files[filepath.Base(path)]; !ok {
			if err := os.Remove(path); err != nil {
				return err
			}
		}
	}
	for _, name := range sortedKeys(files) {
		path := filepath.Join(outDir, name)
		if cur, err := os.ReadFile(path); err == nil && bytes.Equal(cur, files[name]) {
			continue
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func generateFromFiles(modelPath, pagPath, docsPath string) (map[string][]byte, error) {
	m, pags, err := loadInputs(modelPath, pagPath)
	if err != nil {
		return nil, err
	}
	docs := &Docs{}
	if docsPath != "" {
		if docs, err = loadDocs(docsPath, m); err != nil {
			return nil, err
		}
	}
	files, err := generate(m, pags, docs)
	if err != nil {
		return nil, err
	}
	for name := range files {
		if !strings.HasSuffix(name, ".gen.go") {
			return nil, fmt.Errorf("internal error: generated file %s is not named *.gen.go", name)
		}
	}
	return files, nil
}
