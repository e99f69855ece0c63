package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"pcs/api"
	"pcs/export"
	"pcs/store"
)

// ImportResult is what an import did.
type ImportResult struct {
	// Header is the imported file's.
	Header export.Header
	// Records counts the records loaded, by kind ("opportunity" counts
	// versions of opportunities).
	Records map[string]int64
	// Deleted is what -replace deleted first.
	Deleted store.Deleted
}

// errNotEmpty ends the look for a record in a store that should have none.
var errNotEmpty = errors.New("not empty")

// Import loads a pcs-export file (package export) into the store, in one
// transaction: whole or not at all. What it loads into must be empty: the
// whole store for an export of everything, the account (and catalog) for
// an export of one; counters (sequences, opportunity clocks) and settings
// do not count. With replace it first deletes what is there, as Reset
// does, in the same transaction.
//
// Records keep their ids, versions and history, so every read answers as
// it did where the file was made; counters go up to the file's, so no id,
// position or version is handed out twice. An export of everything brings
// its settings, among them the pcs clock's offset (the caller puts the
// running clock on it) and the event targets' positions in the outbox, in
// place of the store's. r is read from its start at each run of the
// transaction, which the store may run more than once. It is no API
// operation but pcs's own (POST /_pcs/import).
func Import(ctx context.Context, s *Service, r io.ReadSeeker, replace bool) (*ImportResult, error) {
	rd, err := export.NewReader(r)
	if err != nil {
		return nil, &InvalidInputError{Problems: []string{err.Error()}}
	}
	h := rd.Header()
	if err := checkAccountScope("import", h.Account, h.Catalog); err != nil {
		return nil, err
	}
	res := &ImportResult{Header: h}
	err = s.db.Update(ctx, func(tx store.Tx) error {
		res.Records, res.Deleted = map[string]int64{}, store.Deleted{}
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		rd, err := export.NewReader(r)
		if err != nil {
			return &InvalidInputError{Problems: []string{err.Error()}}
		}
		if replace {
			if h.Whole() {
				err = resetAll(ctx, tx, &res.Deleted)
			} else {
				err = resetAccount(ctx, tx, &res.Deleted, h.Account, h.Catalog)
			}
			if err != nil {
				return err
			}
		} else if err := checkEmpty(ctx, tx, h); err != nil {
			return err
		}
		if h.Whole() {
			if _, err := tx.DeleteSettings(ctx, ""); err != nil {
				return err
			}
		}
		belongs := belongsTo(h)
		for {
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return &InvalidInputError{Problems: []string{err.Error()}}
			}
			if err := belongs(rec); err != nil {
				return &InvalidInputError{Problems: []string{fmt.Sprintf("line %d: %v", rd.Line(), err)}}
			}
			withAnswer(rec)
			withEncodedSummary(rec)
			if err := tx.Load(ctx, rec); err != nil {
				if errors.Is(err, store.ErrExists) {
					return &InvalidInputError{Problems: []string{fmt.Sprintf("line %d: the store holds this %s already",
						rd.Line(), strings.ReplaceAll(export.KindOf(rec), "_", " "))}}
				}
				return fmt.Errorf("line %d: %w", rd.Line(), err)
			}
			res.Records[export.KindOf(rec)]++
		}
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkEmpty refuses to import h into a store that holds what h would
// bring: any record for an export of everything, the account's for an
// export of one.
func checkEmpty(ctx context.Context, tx store.Tx, h export.Header) error {
	found, ok, err := firstRecord(ctx, tx, h)
	if err != nil || !ok {
		return err
	}
	what := "the store holds records"
	if !h.Whole() {
		what = "the store holds records of account " + h.Account
		if h.Catalog != "" {
			what += " in the " + h.Catalog + " catalog"
		}
	}
	return &InvalidInputError{Problems: []string{fmt.Sprintf("%s (a %s, among others): import into an empty store, or replace what it holds (pcs import -replace, POST /_pcs/import?replace=true)",
		what, strings.ReplaceAll(export.KindOf(found), "_", " "))}}
}

// firstRecord finds a record of what an export of h holds, counters and
// settings aside; ok is false when there is none.
func firstRecord(ctx context.Context, tx store.Tx, h export.Header) (found store.Record, ok bool, err error) {
	f, err := dumpFilter(ctx, tx, h)
	if err != nil {
		return found, false, err
	}
	err = tx.Dump(ctx, f, func(r store.Record) error {
		if r.Positions != nil || r.Sequence != nil || r.OpportunityClock != nil || r.Setting != nil {
			return nil
		}
		found = r
		return errNotEmpty
	})
	if errors.Is(err, errNotEmpty) {
		return found, true, nil
	}
	return found, false, err
}

// Empty reports whether the store holds no record, counters and settings
// aside: whether it is as a fresh store, or one reset of everything, is.
func Empty(ctx context.Context, s *Service) (bool, error) {
	var ok bool
	err := s.db.View(ctx, func(tx store.Tx) error {
		var err error
		_, ok, err = firstRecord(ctx, tx, export.Header{})
		return err
	})
	return !ok, err
}

// belongsTo checks that each record of an export of one account is that
// account's, or one it shares: a file edited to hold another account's
// records is refused.
func belongsTo(h export.Header) func(store.Record) error {
	if h.Whole() {
		return func(store.Record) error { return nil }
	}
	_, stored := accountCatalogs(h.Catalog)
	prefix := accountSettings(h.Account, h.Catalog)
	owned := func(s store.Scope) error {
		if s.Account != h.Account || !slices.Contains(stored, s.Catalog) {
			return fmt.Errorf("a record of %s in %s, in an export of account %s", s.Account, s.Catalog, h.Account)
		}
		return nil
	}
	return func(r store.Record) error {
		switch {
		case r.Setting != nil && !strings.HasPrefix(r.Setting.Key, prefix):
			return fmt.Errorf("setting %s is not account %s's", r.Setting.Key, h.Account)
		case r.OpportunityClock != nil:
			return owned(r.OpportunityClock.Scope)
		case r.Opportunity != nil:
			return owned(r.Opportunity.Scope)
		case r.Solution != nil:
			return owned(r.Solution.Scope)
		case r.Idempotency != nil:
			return owned(r.Idempotency.Scope)
		case r.Task != nil:
			return owned(r.Task.Scope)
		case r.SnapshotJob != nil:
			return owned(r.SnapshotJob.Scope)
		case r.Event != nil:
			return owned(store.Scope{Account: r.Event.Account, Catalog: r.Event.Catalog})
		case r.Job != nil && r.Job.Scope.Account != "":
			return owned(r.Job.Scope)
		}
		return nil
	}
}

// withAnswer gives a current opportunity version its GetOpportunity answer,
// which an export does not carry. A document that does not decode keeps
// none, and a read of it fails as it always did.
func withAnswer(rec store.Record) {
	if v := rec.Opportunity; v != nil && v.ReplacedBy == 0 {
		v.Answer, _ = answerOfDoc(&v.Opportunity)
	}
}

// withEncodedSummary gives an opportunity version's summary the encoding
// ListOpportunities sends, which a file need not have (an export's
// summaries escape HTML characters): the summary decoded, as a listing
// decodes it, and encoded again. One that does not decode is kept as it
// is, and a listing of it fails as it always did.
func withEncodedSummary(rec store.Record) {
	v := rec.Opportunity
	if v == nil || v.Summary == nil {
		return
	}
	var sum api.OpportunitySummary
	if json.Unmarshal(v.Summary, &sum) != nil {
		return
	}
	if b, err := encodeOutput(&sum); err == nil {
		v.Summary, v.SummaryEncoded = b, true
	}
}
