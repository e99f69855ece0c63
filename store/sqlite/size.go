package sqlite

import (
	"context"
	"fmt"
)

// Size is the database's size in bytes: the pages it uses times the page
// size, as of now (the WAL's committed pages included), in memory too.
func (db *DB) Size(ctx context.Context) (int64, error) {
	var n int64
	err := db.reader.QueryRowContext(ctx, `SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: size: %w", err)
	}
	return n, nil
}
