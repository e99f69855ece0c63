package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pcs/store"
)

func (t *Tx) GetSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := t.queryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", store.ErrNotFound
	}
	if err != nil {
		return "", t.errorf("setting %s: %w", key, err)
	}
	return v, nil
}

func (t *Tx) PutSetting(ctx context.Context, key, value string) error {
	_, err := t.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return t.errorf("setting %s: %w", key, err)
	}
	return nil
}

func (t *Tx) ScheduleJob(ctx context.Context, j *store.Job) error {
	err := t.queryRow(ctx, `INSERT INTO jobs (key, kind, account, catalog, due_at, payload, state, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		j.Key, j.Kind, j.Scope.Account, j.Scope.Catalog, j.DueAt.UnixNano(), nonNil(j.Payload), store.JobPending, j.CreatedAt.UnixNano()).Scan(&j.ID)
	if t.d.IsUniqueViolation(err) {
		return store.ErrExists
	}
	if err != nil {
		return t.errorf("schedule job %s: %w", j.Key, err)
	}
	j.State = store.JobPending
	return nil
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// orNull is b, or NULL when it is empty: a column the record may lack.
func orNull(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

const jobColumns = `id, key, kind, account, catalog, due_at, payload, state, created_at, COALESCE(finished_at, 0), error`

// scanJob reads one row of jobColumns.
func scanJob(row rowScanner) (store.Job, error) {
	var j store.Job
	var due, created, finished int64
	err := row.Scan(&j.ID, &j.Key, &j.Kind, &j.Scope.Account, &j.Scope.Catalog, &due, &j.Payload, &j.State,
		&created, &finished, &j.Error)
	j.DueAt, j.CreatedAt = time.Unix(0, due).UTC(), time.Unix(0, created).UTC()
	if finished != 0 {
		j.FinishedAt = time.Unix(0, finished).UTC()
	}
	return j, err
}

func (t *Tx) scanJobs(rows *sql.Rows) ([]store.Job, error) {
	defer rows.Close()
	var out []store.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, t.errorf("jobs: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

func (t *Tx) DueJobs(ctx context.Context, at time.Time, limit int) ([]store.Job, error) {
	rows, err := t.query(ctx, `SELECT `+jobColumns+` FROM jobs
		WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?`, at.UnixNano(), limit)
	if err != nil {
		return nil, t.errorf("due jobs: %w", err)
	}
	return t.scanJobs(rows)
}

func (t *Tx) NextJobDue(ctx context.Context) (time.Time, bool, error) {
	var due sql.NullInt64
	if err := t.queryRow(ctx, `SELECT MIN(due_at) FROM jobs WHERE state = 'pending'`).Scan(&due); err != nil {
		return time.Time{}, false, t.errorf("next job: %w", err)
	}
	if !due.Valid {
		return time.Time{}, false, nil
	}
	return time.Unix(0, due.Int64).UTC(), true, nil
}

func (t *Tx) FinishJob(ctx context.Context, id int64, at time.Time, errText string) error {
	state := store.JobDone
	if errText != "" {
		state = store.JobFailed
	}
	res, err := t.exec(ctx, `UPDATE jobs SET state = ?, finished_at = ?, error = ? WHERE id = ? AND state = 'pending'`,
		state, at.UnixNano(), errText, id)
	if err != nil {
		return t.errorf("finish job %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (t *Tx) ListJobs(ctx context.Context, state string, limit int) ([]store.Job, error) {
	rows, err := t.query(ctx, `SELECT `+jobColumns+` FROM jobs
		WHERE (? = '' OR state = ?) ORDER BY id DESC LIMIT ?`, state, state, limit)
	if err != nil {
		return nil, t.errorf("list jobs: %w", err)
	}
	return t.scanJobs(rows)
}
