package store

import "context"

// QuotaBudget is one account's budget of one quota group (package quota)
// as stored, so that every pcs on the store spends the same budget. The
// bucket and the window are package quota's; the store keeps them, and
// FullAt, to forget the budgets that are as if unused. Times are Unix
// nanoseconds on the pcs clock, which every pcs on the store shares.
type QuotaBudget struct {
	Account, Group string
	Tokens         float64
	FilledAt       int64
	Minutes        []byte
	FullAt         int64
	// Version changes with every write, and is never that of a budget
	// removed before: a write over the version read fails if any other
	// came between.
	Version int64
}

// QuotaBudgets keeps the quota budgets of a store that several pcs share.
// Its calls run outside Update, each on its own, so that a request's quota
// check waits for no write transaction, nor they for it; a store used by
// one pcs only (SQLite) leaves budgets in its memory and has none.
type QuotaBudgets interface {
	// QuotaBudget returns account's budget of group; false when none is
	// kept.
	QuotaBudget(ctx context.Context, account, group string) (QuotaBudget, bool, error)
	// PutQuotaBudget writes b if the kept budget is still b.Version (0:
	// none is kept), and returns the budget kept after it: b with its new
	// Version when it wrote it (saved), or else the one kept instead
	// (Version 0: none), read in the same statement, which may not show a
	// write committed while it ran. Writing one where none was kept
	// forgets the budgets full at or before b.FilledAt.
	PutQuotaBudget(ctx context.Context, b QuotaBudget) (kept QuotaBudget, saved bool, err error)
	// ListQuotaBudgets returns account's budgets.
	ListQuotaBudgets(ctx context.Context, account string) ([]QuotaBudget, error)
	// DeleteQuotaBudgets forgets account's budgets (every account's for
	// "") and returns how many it forgot.
	DeleteQuotaBudgets(ctx context.Context, account string) (int64, error)
}
