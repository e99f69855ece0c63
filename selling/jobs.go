package selling

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"pcs/store"
)

// Jobs are the work AWS does later on its own: each is stored in the
// transaction of the change that calls for it, due at a moment of the pcs
// clock, and run by the job runner through AWS.RunJob. The kinds, with the
// payload each carries:
const (
	jobReviewStart    = "aws-review/start"    // reviewJob: the review of a submitted opportunity starts
	jobReviewDecide   = "aws-review/decide"   // reviewJob: AWS decides the review
	jobReferralInvite = "aws-referral/invite" // inviteJob: a Sandbox AWS referral's invitation reaches its partner
	jobInviteExpire   = "invitation/expire"   // inviteJob: an unanswered invitation expires
	jobProspecting    = "aws-prospecting/run" // prospectingJob: AWS prospects a task's engagements
)

// reviewJob names one round of an opportunity's review; a step of an
// earlier round finds the opportunity moved on and does nothing.
type reviewJob struct {
	ID       string          `json:"Id"`
	Round    int             `json:"Round"`
	Decision *ReviewDecision `json:"Decision,omitempty"`
}

// inviteJob names an opportunity (referral) or an invitation (expiry).
type inviteJob struct {
	ID      string `json:"Id"`
	Account string `json:"Account,omitempty"`
}

// prospectingJob names a prospecting task.
type prospectingJob struct {
	TaskID string `json:"TaskId"`
}

// Job keys: one job per key, so a job scheduled twice runs once.
func reviewJobKey(kind string, scope store.Scope, p reviewJob) string {
	return fmt.Sprintf("%s/%s/%s/%s/%d", kind, scope.Account, scope.Catalog, p.ID, p.Round)
}

func referralJobKey(opportunityID string) string { return jobReferralInvite + "/" + opportunityID }

func expiryJobKey(invitationID string) string { return jobInviteExpire + "/" + invitationID }

func prospectingJobKey(scope store.Scope, taskID string) string {
	return fmt.Sprintf("%s/%s/%s/%s", jobProspecting, scope.Account, scope.Catalog, taskID)
}

// scheduleJob adds a job of the AWS side; a key already taken is a job
// already scheduled.
func (s *Service) scheduleJob(ctx context.Context, tx store.Tx, scope store.Scope, kind, key string, due time.Time, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	err = tx.ScheduleJob(ctx, &store.Job{Key: key, Kind: kind, Scope: scope, DueAt: due, Payload: b, CreatedAt: s.now()})
	if errors.Is(err, store.ErrExists) {
		return nil
	}
	return err
}

// decodeJob reads j's payload into p.
func decodeJob(j store.Job, p any) error {
	if err := json.Unmarshal(j.Payload, p); err != nil {
		return fmt.Errorf("job %d: payload: %w", j.ID, err)
	}
	return nil
}
