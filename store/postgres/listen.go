package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"pcs/store"
)

// News of the event outbox, across every pcs on the schema. A write
// transaction that changed the outbox calls pg_notify on the schema's
// channel before it commits (PostgreSQL delivers the notification only if
// it does, and after it is visible); each DB keeps a connection of its
// own, outside the pool, LISTENing on the channel, and wakes the outbox's
// readers at each notification. There is no poll of the outbox behind
// it: while the connection is down the readers are woken at each attempt
// to get it back (a few seconds apart at most), and once more when it
// listens again, so what was written meanwhile is read then.

// notifySQL tells the listeners of the schema's channel, in the writing
// transaction, with the writing DB's id: its own listener skips what its
// Update told this process's readers already.
const notifySQL = `SELECT pg_notify($1, $2)`

// listenIdle is how long the listener waits for a notification before it
// checks its connection is alive: a server that vanished without closing
// the connection sends neither notifications nor an error.
const listenIdle = 30 * time.Second

// pingTimeout bounds that check.
const pingTimeout = 10 * time.Second

// maxListenRetry bounds the wait between two attempts to listen again.
const maxListenRetry = 5 * time.Second

// channelName is the notification channel of the schema: its own, as two
// schemas of one database are two stores, and short, as a channel's name
// is an identifier (at most 63 bytes).
func channelName(schema string) string {
	return fmt.Sprintf("pcs_outbox_%016x", uint64(lockKey("pcs outbox "+schema)))
}

// listener keeps a connection LISTENing on a channel and tells outbox of
// each notification; it connects again by itself when the connection
// drops.
type listener struct {
	cfg     *pgx.ConnConfig
	channel string
	outbox  *store.Signal
	self    string // the payload of this DB's own notifications
	stop    context.CancelFunc
	done    chan struct{}
	// pid is the listening connection's backend process id, 0 while none
	// listens.
	pid atomic.Uint32
}

// listen starts a listener of channel, and returns once its first attempt
// to listen succeeded or failed (a failure is retried in the background:
// the store works without news, its readers woken at each attempt).
func listen(cfg *pgx.ConnConfig, channel, self string, outbox *store.Signal) *listener {
	ctx, stop := context.WithCancel(context.Background())
	l := &listener{cfg: cfg, channel: channel, self: self, outbox: outbox, stop: stop, done: make(chan struct{})}
	first := make(chan struct{})
	var once sync.Once
	tried := func() { once.Do(func() { close(first) }) }
	go l.run(ctx, tried)
	select {
	case <-first:
	case <-l.done:
	}
	return l
}

// close stops the listener and closes its connection.
func (l *listener) close() {
	l.stop()
	<-l.done
}

func (l *listener) run(ctx context.Context, tried func()) {
	defer close(l.done)
	failures := 0
	for {
		listened, _ := l.session(ctx, tried)
		tried()
		// What commits from now until the next LISTEN goes unheard:
		// the readers look now, and again at each attempt.
		l.outbox.Notify()
		if ctx.Err() != nil {
			return
		}
		if listened {
			failures = 0
		}
		failures++
		t := time.NewTimer(min(50*time.Millisecond<<min(failures, 10), maxListenRetry))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// session connects, listens and tells of notifications until the
// connection fails or ctx ends; listened says whether it got as far as
// listening.
func (l *listener) session(ctx context.Context, listening func()) (listened bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, l.cfg)
	if err != nil {
		return false, err
	}
	defer func() {
		l.pid.Store(0)
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{l.channel}.Sanitize()); err != nil {
		return false, err
	}
	l.outbox.Notify() // what committed while no one listened is read now
	l.pid.Store(conn.PgConn().PID())
	listening()
	for {
		wctx, cancel := context.WithTimeout(ctx, listenIdle)
		n, err := conn.WaitForNotification(wctx)
		idle := errors.Is(wctx.Err(), context.DeadlineExceeded)
		cancel()
		switch {
		case err == nil:
			if n.Payload != l.self {
				l.outbox.Notify()
			}
		case ctx.Err() != nil:
			return true, ctx.Err()
		case idle:
			pctx, cancel := context.WithTimeout(ctx, pingTimeout)
			err := conn.Ping(pctx)
			cancel()
			if err != nil {
				return true, err
			}
		default:
			return true, err
		}
	}
}
