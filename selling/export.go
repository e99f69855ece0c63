package selling

import (
	"context"
	"io"

	"pcs/export"
	"pcs/store"
)

// Export writes a copy of the store to w as a pcs-export file (package
// export): everything when h.Account is empty, else that partner's records
// in h.Catalog ("" for both) with its side of what it shares (store.
// DumpFilter says what that is). It reads in one transaction, so the copy
// of a running pcs is consistent: every record as it stood at one moment.
// h.PCS names the writer; Export fills in the rest of the header. It
// returns how many records it wrote. It is no API operation but pcs's own
// (GET /_pcs/export).
//
// A failure after the first line leaves the file without its end line,
// which pcs import refuses as cut short.
func Export(ctx context.Context, s *Service, h export.Header, w io.Writer) (int64, error) {
	if err := checkAccountScope("export", h.Account, h.Catalog); err != nil {
		return 0, err
	}
	h.Exported = s.cfg.Wall.Now().UTC()
	var n int64
	err := s.db.View(ctx, func(tx store.Tx) error {
		f, err := dumpFilter(ctx, tx, h)
		if err != nil {
			return err
		}
		ew, err := export.NewWriter(w, h)
		if err != nil {
			return err
		}
		if err := tx.Dump(ctx, f, ew.Write); err != nil {
			return err
		}
		n = ew.Records()
		return ew.Close()
	})
	return n, err
}

// dumpFilter is what an export of h holds.
func dumpFilter(ctx context.Context, tx store.Tx, h export.Header) (store.DumpFilter, error) {
	if h.Whole() {
		return store.DumpFilter{}, nil
	}
	catalogs, stored := accountCatalogs(h.Catalog)
	expiries, err := invitationExpiries(ctx, tx, h.Account, catalogs)
	if err != nil {
		return store.DumpFilter{}, err
	}
	return store.DumpFilter{Account: h.Account, Catalogs: stored, JobKeys: expiries,
		SettingPrefixes: []string{accountSettings(h.Account, h.Catalog)}}, nil
}
