package main

// The real service's sharp edges on demand: -realism names a level, and each
// quirk has its own flag, which wins over the level when given (or set by its
// variable): -realism strict -quirk-read-lag 10s is strict with a longer lag.

import (
	"flag"
	"fmt"
	"time"

	"pcs/realism"
)

// realismConfig holds the flags of this file.
type realismConfig struct {
	level        string
	htmlEntities bool
	readLag      time.Duration
	spendType    bool
	quirks       realism.Config // what the flags make, after resolve
}

// bind defines the flags of this file on ef.
func (r *realismConfig) bind(ef *envFlags) {
	fs := ef.fs
	fs.StringVar(&r.level, "realism", realism.LevelOff, "`level` of the real service's sharp edges (docs/realism.md): off, or strict for\n"+
		"every -quirk-* flag on (recommended for CI); a -quirk-* flag given wins over the level")
	fs.BoolVar(&r.htmlEntities, "quirk-html-entities", false, "GetOpportunity answers some free text and enum-like strings HTML-entity encoded,\n"+
		"and an enum-like value echoed back in that form is refused with INVALID_ENUM_VALUE")
	fs.DurationVar(&r.readLag, "quirk-read-lag", 0, "for this long after CreateOpportunity, GetOpportunity of the new opportunity answers\n"+
		"ResourceNotFoundException (pcs clock; 0: none; -realism strict: "+realism.DefaultReadLag.String()+")")
	fs.BoolVar(&r.spendType, "quirk-spend-type", false, "GetOpportunity's Project.ExpectedCustomerSpend items carry a __type member, as the\n"+
		"service's do")
}

// resolve makes the quirks from the level and the quirk flags set in fs.
func (r *realismConfig) resolve(fs *flag.FlagSet) error {
	q, err := realism.ForLevel(r.level)
	if err != nil {
		return fmt.Errorf("-realism %w", err)
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "quirk-html-entities":
			q.HTMLEntities = r.htmlEntities
		case "quirk-read-lag":
			q.ReadLag = r.readLag
		case "quirk-spend-type":
			q.SpendType = r.spendType
		}
	})
	if err := q.Check(); err != nil {
		return fmt.Errorf("-quirk-read-lag: %w", err)
	}
	r.quirks = q
	return nil
}
