package pagetoken

import (
	"errors"
	"strings"
	"testing"
	"time"
)

type position struct {
	Key string
	ID  string
}

func TestRoundTrip(t *testing.T) {
	c := Codec{Secret: []byte("s3cret"), TTL: time.Hour}
	now := time.Unix(1_700_000_000, 0)
	tok, err := c.Encode("filters-a", position{"k", "O1"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok, "AAMA-") {
		t.Errorf("token %q lacks the service's prefix", tok)
	}
	var got position
	if err := c.Decode(tok, "filters-a", &got, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got != (position{"k", "O1"}) {
		t.Errorf("got %+v", got)
	}
}

func TestRefusals(t *testing.T) {
	c := Codec{Secret: []byte("s3cret"), TTL: time.Hour}
	now := time.Unix(1_700_000_000, 0)
	tok, _ := c.Encode("filters-a", position{"k", "O1"}, now)
	flipped := []byte(tok)
	flipped[10] ^= 1
	other := Codec{Secret: []byte("other")}
	forged, _ := other.Encode("filters-a", position{"k", "O2"}, now)

	tests := []struct {
		name    string
		token   string
		request string
		at      time.Time
		want    error
	}{
		{"ErrMismatch for other filters", tok, "filters-b", now, ErrMismatch},
		{"ErrExpired after the TTL", tok, "filters-a", now.Add(2 * time.Hour), ErrExpired},
		{"ErrInvalid when altered", string(flipped), "filters-a", now, ErrInvalid},
		{"ErrInvalid when signed by another secret", forged, "filters-a", now, ErrInvalid},
		{"ErrInvalid without the prefix", strings.TrimPrefix(tok, "AAMA-"), "filters-a", now, ErrInvalid},
		{"ErrInvalid for garbage", "AAMA-!!!", "filters-a", now, ErrInvalid},
		{"ErrInvalid for empty body", "AAMA-", "filters-a", now, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p position
			if err := c.Decode(tt.token, tt.request, &p, tt.at); !errors.Is(err, tt.want) {
				t.Errorf("Decode = %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	c := Codec{Secret: []byte("s3cret")}
	tok, _ := c.Encode("r", position{"k", "O1"}, time.Unix(0, 0))
	f.Add(tok)
	f.Add("AAMA-")
	f.Fuzz(func(t *testing.T, s string) {
		var p position
		_ = c.Decode(s, "r", &p, time.Unix(0, 0))
	})
}
