package pcstest_test

import (
	"os"
	"testing"

	"pcs/pcstest"
)

func TestSeed(t *testing.T) {
	srv := pcstest.New(t)
	f, err := os.Open("../fixtures/walkthrough.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	loaded, err := srv.Seed(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded) != 4 || loaded[1].ID != "O5000001" || loaded[1].Catalog != "AWS" {
		t.Errorf("loaded %+v", loaded)
	}
}
