package fault

import (
	"context"
	"slices"
	"sync"
)

// Rules keeps an Injector's rules. New keeps them in memory; "pcs serve"
// keeps them in its store, so that every pcs on one database applies the
// same rules. The Injector has validated a rule before Add.
type Rules interface {
	// Add stores r (with ID and Hits 0) and returns it with its id; ids
	// are never handed out twice.
	Add(ctx context.Context, r Rule) (Rule, error)
	// List returns the rules that are not spent, in the order they were
	// added; Hits counts only for a rule with a Count.
	List(ctx context.Context) ([]Rule, error)
	// Remove deletes one rule; false when there is none.
	Remove(ctx context.Context, id int) (bool, error)
	// Clear deletes every rule and returns how many there were.
	Clear(ctx context.Context) (int, error)
	// ClearAccount deletes the rules limited to account and returns how
	// many there were.
	ClearAccount(ctx context.Context, account string) (int, error)
	// Hit counts a hit of a rule with a Count, removing the rule when the
	// hit spends it; false, and nothing counted, when the rule is gone or
	// spent. Whoever shares the Rules, a rule of Count n hits n calls.
	Hit(ctx context.Context, id int) (bool, error)
}

// memory is Rules in memory, for one pcs.
type memory struct {
	mu     sync.Mutex
	rules  []Rule
	nextID int
}

func (m *memory) Add(_ context.Context, r Rule) (Rule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.nextID++
	r.ID, r.Hits = m.nextID, 0
	m.rules = append(m.rules, r)
	return r, nil
}

func (m *memory) List(context.Context) ([]Rule, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.rules), nil
}

func (m *memory) Remove(_ context.Context, id int) (bool, error) {
	n := m.remove(func(r Rule) bool { return r.ID == id })
	return n > 0, nil
}

func (m *memory) Clear(context.Context) (int, error) {
	return m.remove(func(Rule) bool { return true }), nil
}

func (m *memory) ClearAccount(_ context.Context, account string) (int, error) {
	return m.remove(func(r Rule) bool { return r.Account == account }), nil
}

func (m *memory) remove(del func(Rule) bool) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(m.rules)
	m.rules = slices.DeleteFunc(m.rules, del)
	return n - len(m.rules)
}

func (m *memory) Hit(_ context.Context, id int) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.rules, func(r Rule) bool { return r.ID == id })
	if i < 0 || m.rules[i].Count == 0 || m.rules[i].Hits >= m.rules[i].Count {
		return false, nil
	}
	m.rules[i].Hits++
	if m.rules[i].Hits >= m.rules[i].Count {
		m.rules = slices.Delete(m.rules, i, i+1)
	}
	return true, nil
}
