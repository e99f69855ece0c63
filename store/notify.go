package store

import "sync"

// OutboxNotifier is a Store that tells when the event outbox changes, so
// that a reader waiting for events (a long poll, the console's feed) wakes
// when one commits rather than looking again and again. A Store need not
// implement it; its readers then poll.
type OutboxNotifier interface {
	// OutboxChanged returns a channel that is closed once an Update that
	// added events to the outbox, or pruned it, has committed after the
	// call: through this Store, before that Update returns, or, for a
	// Store several processes share, through any of them, soon after it
	// committed. It is closed too whenever the Store may have missed such
	// a commit (its connection for the news dropped, and again once it is
	// back), so a reader that wakes reads the outbox again and may find
	// nothing new. Take the channel before reading, then wait on it: a
	// commit between the two is not missed.
	OutboxChanged() <-chan struct{}
}

// Signal is a broadcast for OutboxNotifier's implementations: Wait
// returns a channel that the next Notify closes. The zero value is ready
// to use.
type Signal struct {
	mu sync.Mutex
	ch chan struct{} // nil until someone waits: no channel per Notify when no one does
}

// Wait returns a channel that is closed by the next Notify.
func (s *Signal) Wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

// Notify wakes every waiter.
func (s *Signal) Notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}
