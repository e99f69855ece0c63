package selling

import (
	"context"
	"time"

	"pcs/api"
	"pcs/store"
)

// StatusChange is one step of an opportunity's review timeline: the review
// status and stage it took, and when, on the pcs clock.
type StatusChange struct {
	At           time.Time        `json:"At"`
	ReviewStatus api.ReviewStatus `json:"ReviewStatus,omitempty"`
	Stage        api.Stage        `json:"Stage,omitempty"`
}

// maxStatusChanges is how many review status and stage changes the
// service keeps of an opportunity; older ones drop out.
const maxStatusChanges = 100

// noteStatus records o's review status and stage at now when either
// differs from the last one recorded.
func (o *opportunity) noteStatus(now time.Time) {
	c := o.statusNow(now)
	if n := len(o.StatusChanges); n > 0 && o.StatusChanges[n-1].ReviewStatus == c.ReviewStatus && o.StatusChanges[n-1].Stage == c.Stage {
		return
	}
	o.StatusChanges = append(o.StatusChanges, c)
	if n := len(o.StatusChanges); n > maxStatusChanges {
		o.StatusChanges = o.StatusChanges[n-maxStatusChanges:]
	}
}

func (o *opportunity) statusNow(at time.Time) StatusChange {
	c := StatusChange{At: at, ReviewStatus: o.reviewStatus()}
	if o.LifeCycle != nil {
		c.Stage = deref(o.LifeCycle.Stage)
	}
	return c
}

// startStatusChanges gives a document stored before the service recorded
// changes the one step it can tell: its status as of its last change
// (its creation, when it never changed).
func (o *opportunity) startStatusChanges() {
	if len(o.StatusChanges) == 0 && o.LastModifiedDate != nil {
		o.StatusChanges = []StatusChange{o.statusNow(o.LastModifiedDate.Time)}
	}
}

// StatusTimeline is an opportunity's recorded review status and stage
// changes, oldest first. FromCreation tells that the first is its
// creation; it is not for an opportunity stored before the service
// recorded changes, or one with more than the service keeps.
type StatusTimeline struct {
	Changes      []StatusChange
	FromCreation bool
}

// StatusTimeline reads the recorded review status and stage changes of
// opportunity id in scope. Unlike the stored versions of the opportunity,
// which maintenance prunes, they last as long as the opportunity does.
// It is no API operation: GetOpportunity never answers them.
func (a *AWS) StatusTimeline(ctx context.Context, scope store.Scope, id string) (*StatusTimeline, error) {
	var o *opportunity
	err := a.svc.db.View(ctx, func(tx store.Tx) (err error) {
		o, err = loadOpportunity(ctx, tx, scope, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	t := &StatusTimeline{Changes: o.StatusChanges}
	t.FromCreation = len(t.Changes) > 0 && o.CreatedDate != nil && t.Changes[0].At.Equal(o.CreatedDate.Time)
	return t, nil
}
