package store

import "context"

// FaultRule is one injected fault rule (package fault) as stored, so that
// every pcs on the store applies it. Rule is the rule's JSON, owned by
// package fault; the columns are what the store itself needs. Fault rules
// are not records of the service: exports leave them out, and only a
// reset through package fault deletes them.
type FaultRule struct {
	ID      int64
	Account string // the account the rule is limited to; "" is every account
	// Count is how many calls the rule hits before it is spent; 0 is
	// until removed. Hits counts them, only for a rule with a Count, so
	// that an unlimited rule costs no write per call.
	Count int
	Hits  int
	Rule  []byte
}

// FaultRules keeps the injected fault rules.
type FaultRules interface {
	// InsertFaultRule adds a rule with Hits 0 and fills in r.ID: ids are
	// never handed out twice.
	InsertFaultRule(ctx context.Context, r *FaultRule) error
	// ListFaultRules returns the rules that are not spent, by id.
	ListFaultRules(ctx context.Context) ([]FaultRule, error)
	// DeleteFaultRule removes one rule; ErrNotFound when it is not there.
	DeleteFaultRule(ctx context.Context, id int64) error
	// DeleteFaultRules removes every rule and returns how many there were.
	DeleteFaultRules(ctx context.Context) (int64, error)
	// DeleteAccountFaultRules removes the rules limited to account and
	// returns how many there were; the rules of every account stay.
	DeleteAccountFaultRules(ctx context.Context, account string) (int64, error)
	// HitFaultRule counts a hit of a rule with a Count: ok is false when
	// the rule is gone or spent (by another pcs), and the hit does not
	// count. The hit that spends a rule removes it.
	HitFaultRule(ctx context.Context, id int64) (ok bool, err error)
}
