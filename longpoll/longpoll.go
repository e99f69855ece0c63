// Package longpoll is what pcs's long polls wait on: news that the event
// outbox changed, and the end of every wait when the server shuts down.
// The pull stream (GET /_pcs/events), the request recorder's long poll
// (GET /_pcs/requests) and the console's live event feed share one
// Notifier, which server.New makes over the store.
//
// The news comes from the store (store.OutboxNotifier): each of pcs's
// stores tells of the commits that change the outbox as they happen, and
// the PostgreSQL one of those of every pcs on the database, so a waiter
// wakes when an event commits rather than at its next look.
package longpoll

import (
	"sync"
	"time"

	"pcs/store"
)

// fallbackPoll is how often the readers of a store that does not tell of
// outbox changes look again. pcs's own stores all tell, and need no poll;
// this is so that any other store.Store still works, if late.
const fallbackPoll = 2 * time.Second

// Notifier tells the long polls when to read the outbox again, and when
// to stop waiting.
type Notifier struct {
	outbox store.OutboxNotifier // nil when the store does not tell
	once   sync.Once
	ended  chan struct{}
}

// New returns the Notifier of the outbox in db (nil: a store that does not
// tell, polled).
func New(db store.Store) *Notifier {
	n := &Notifier{ended: make(chan struct{})}
	n.outbox, _ = db.(store.OutboxNotifier)
	return n
}

// OutboxChanged returns a channel that is closed once the outbox may hold
// something new since the call: an event committed (through any pcs on
// the store), or, for a store that does not tell, after a while. Take it
// before reading the outbox and wait on it after: a commit between the
// two is not missed.
func (n *Notifier) OutboxChanged() <-chan struct{} {
	if n.outbox != nil {
		return n.outbox.OutboxChanged()
	}
	ch := make(chan struct{})
	time.AfterFunc(fallbackPoll, func() { close(ch) })
	return ch
}

// Ended is closed once End was called: a waiter answers with what it has.
func (n *Notifier) Ended() <-chan struct{} { return n.ended }

// End ends the waits in flight, and every later one at once. A server
// calls it when it shuts down (http.Server.RegisterOnShutdown): Shutdown
// waits for every handler, and a long poll would hold it for its whole
// wait. It may be called more than once.
func (n *Notifier) End() { n.once.Do(func() { close(n.ended) }) }
