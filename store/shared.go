package store

import "context"

// Shared is implemented by a Store several pcs may use at once
// (PostgreSQL): what one of them may change under the others, such as the
// pcs clock's offset, is read again before each request rather than
// trusted for a while. A Store that does not implement it, or answers
// false, is used by one pcs alone (SQLite holds its data directory's lock).
type Shared interface {
	Shared() bool
}

// SettingReader is implemented by a Store that reads one setting in a
// statement of its own, outside any transaction: what Tx.GetSetting gives
// in a View of its own, in one round trip rather than three, for a setting
// read before each request (the pcs clock's offset on a Shared store).
type SettingReader interface {
	Setting(ctx context.Context, key string) (string, error)
}
