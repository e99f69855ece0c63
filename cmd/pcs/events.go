package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

const eventsUsage = `Usage:
  pcs events tail [-account ID] [-after CURSOR] [-follow=false]

Prints the EventBridge events pcs emits (one JSON envelope a line), as the
partner's default event bus would receive them: Opportunity Created and
Updated, Engagement Invitation Created, Accepted, Rejected and Expired,
Engagement Created, Engagement Member Added. It follows new events until
interrupted; -after 0 starts from the oldest event pcs still keeps (see
pcs serve -event-retention).`

func eventsCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if err := subcommand(stderr, "pcs events", eventsUsage, "tail", args, "tail"); err != nil {
		return err
	}
	ef := newEnvFlags("pcs events tail", noPrefix, stderr, eventsUsage)
	admin := adminFlags(ef)
	account := ef.fs.String("account", "", "only this 12-digit `account`'s events (all when empty)")
	after := ef.fs.Int64("after", 0, "start after this `cursor` (0: from the first event)")
	follow := ef.fs.Bool("follow", true, "keep waiting for new events")
	if err := ef.parseNoArgs(args[1:], getenv); err != nil {
		return err
	}
	cursor := *after
	for {
		q := url.Values{"after": {strconv.FormatInt(cursor, 10)}, "account": {*account}}
		if *follow {
			q.Set("wait", "20s")
		}
		body, err := admin.call(ctx, http.MethodGet, "/_pcs/events?"+q.Encode(), nil)
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil
		}
		if err != nil {
			return err
		}
		var page struct {
			Events []json.RawMessage
			Next   int64
			Pruned bool
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return fmt.Errorf("events: %w", err)
		}
		if page.Pruned {
			fmt.Fprintf(stderr, "pcs events: events after cursor %d were pruned (past pcs serve's -event-retention) before they were read; going on with what remains\n", cursor)
		}
		for _, e := range page.Events {
			var line bytes.Buffer
			if err := json.Compact(&line, e); err != nil {
				return fmt.Errorf("events: %w", err)
			}
			fmt.Fprintf(stdout, "%s\n", line.Bytes())
		}
		cursor = page.Next
		if !*follow && len(page.Events) == 0 {
			return nil
		}
	}
}
