package console

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"pcs/api"
	"pcs/store"
)

// comparison is what changed between two revisions of one resource
// snapshot of an engagement, read with GetResourceSnapshot as the
// engagement's members read them.
type comparison struct {
	Snapshots []snapshotChoice // the snapshots with revisions to pick from
	Picked    string           // the snapshot compared, as snapshotChoice.Value
	From, To  int
	Before    *api.GetResourceSnapshotResponse
	After     *api.GetResourceSnapshotResponse
	Changes   []change // of the Payload
	Problem   string
}

// snapshotChoice is one resource snapshot (a resource and a template) of
// the engagement and its newest revision listed.
type snapshotChoice struct {
	Value, Label string // Value: type|resource id|template
	Latest       int
	Link         string // the comparison of its two newest revisions
}

// compare reads the comparison a request asks for (snapshot, from, to),
// and the snapshots listed, to pick another.
func (h *Handler) compare(ctx context.Context, r *http.Request, scope store.Scope, engagement string, listed []api.ResourceSnapshotSummary) comparison {
	var c comparison
	for _, sn := range listed {
		value := val(sn.ResourceType) + "|" + val(sn.ResourceId) + "|" + val(sn.ResourceSnapshotTemplateName)
		rev := int(deref(sn.Revision))
		i := slices.IndexFunc(c.Snapshots, func(c snapshotChoice) bool { return c.Value == value })
		if i < 0 {
			c.Snapshots = append(c.Snapshots, snapshotChoice{Value: value,
				Label: val(sn.ResourceType) + " " + val(sn.ResourceId) + " · " + val(sn.ResourceSnapshotTemplateName)})
			i = len(c.Snapshots) - 1
		}
		c.Snapshots[i].Latest = max(c.Snapshots[i].Latest, rev)
	}
	for i, sn := range c.Snapshots {
		if sn.Latest > 1 {
			c.Snapshots[i].Link = link("engagements/"+engagement, "account", scope.Account, "catalog", scope.Catalog,
				"snapshot", sn.Value, "from", sn.Latest-1, "to", sn.Latest) + "#compare-h"
		}
	}
	q := r.URL.Query()
	c.Picked = q.Get("snapshot")
	if c.Picked == "" {
		return c
	}
	parts := strings.Split(c.Picked, "|")
	if len(parts) != 3 {
		c.Problem = "Pick a snapshot to compare."
		return c
	}
	latest := 0
	if i := slices.IndexFunc(c.Snapshots, func(sn snapshotChoice) bool { return sn.Value == c.Picked }); i >= 0 {
		latest = c.Snapshots[i].Latest
	}
	var err1, err2 error
	c.To, err1 = revisionParam(q.Get("to"), latest)
	c.From, err2 = revisionParam(q.Get("from"), c.To-1)
	if err1 != nil || err2 != nil || c.From < 1 || c.To < 1 {
		c.Problem = "A revision is a whole number from 1."
		return c
	}
	get := func(rev int) (*api.GetResourceSnapshotResponse, error) {
		return h.cfg.Service.GetResourceSnapshot(ctx, &api.GetResourceSnapshotRequest{Catalog: &scope.Catalog,
			EngagementIdentifier: &engagement, ResourceType: ptr(api.ResourceType(parts[0])), ResourceIdentifier: &parts[1],
			ResourceSnapshotTemplateIdentifier: &parts[2], Revision: ptr(int32(rev))})
	}
	var err error
	if c.Before, err = get(c.From); err != nil {
		c.Problem = fmt.Sprintf("Revision %d: %s", c.From, problem(err))
		return c
	}
	if c.After, err = get(c.To); err != nil {
		c.Problem = fmt.Sprintf("Revision %d: %s", c.To, problem(err))
		return c
	}
	c.Changes = diffJSON(tree(c.Before.Payload), tree(c.After.Payload))
	return c
}

// revisionParam reads a revision field; an empty one is def.
func revisionParam(s string, def int) (int, error) {
	if s = strings.TrimSpace(s); s == "" {
		return def, nil
	}
	return strconv.Atoi(s)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
