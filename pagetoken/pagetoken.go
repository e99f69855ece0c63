// Package pagetoken makes the opaque NextToken strings of list operations.
// A token carries the listing's position, is bound to the request it
// continues (a token replayed with other filters is refused), and is signed
// so a client cannot forge or alter one.
package pagetoken

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// prefix mimics the service's tokens, which start "AAMA-".
const prefix = "AAMA-"

// macSize is how many bytes of the HMAC a token carries.
const macSize = 16

var (
	// ErrInvalid means the token was not made by this server, or was altered.
	ErrInvalid = errors.New("pagetoken: invalid token")
	// ErrMismatch means the token belongs to a request with other parameters.
	ErrMismatch = errors.New("pagetoken: token issued for a different request")
	// ErrExpired means the token is older than the codec's lifetime.
	ErrExpired = errors.New("pagetoken: token expired")
)

// Codec encodes and decodes tokens with one secret.
type Codec struct {
	Secret []byte
	TTL    time.Duration // zero: tokens never expire
}

type envelope struct {
	Request string          `json:"r"` // hash of the request parameters
	Issued  int64           `json:"t"` // unix seconds
	State   json.RawMessage `json:"s"`
}

// Encode returns a token carrying state for the request identified by
// requestKey (any string that changes when the request's parameters do).
func (c Codec) Encode(requestKey string, state any, now time.Time) (string, error) {
	s, err := json.Marshal(state)
	if err != nil {
		return "", err
	}
	body, err := json.Marshal(envelope{Request: hashKey(requestKey), Issued: now.Unix(), State: s})
	if err != nil {
		return "", err
	}
	tok := append(body, c.mac(body)...)
	return prefix + base64.RawURLEncoding.EncodeToString(tok), nil
}

// Decode checks a token against requestKey and fills state.
func (c Codec) Decode(token, requestKey string, state any, now time.Time) error {
	raw, ok := strings.CutPrefix(token, prefix)
	if !ok {
		return ErrInvalid
	}
	tok, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || len(tok) <= macSize {
		return ErrInvalid
	}
	body, sum := tok[:len(tok)-macSize], tok[len(tok)-macSize:]
	if !hmac.Equal(sum, c.mac(body)) {
		return ErrInvalid
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return ErrInvalid
	}
	if env.Request != hashKey(requestKey) {
		return ErrMismatch
	}
	if c.TTL > 0 && now.Sub(time.Unix(env.Issued, 0)) > c.TTL {
		return ErrExpired
	}
	if err := json.Unmarshal(env.State, state); err != nil {
		return ErrInvalid
	}
	return nil
}

func (c Codec) mac(body []byte) []byte {
	m := hmac.New(sha256.New, c.Secret)
	m.Write(body)
	return m.Sum(nil)[:macSize]
}

func hashKey(k string) string {
	sum := sha256.Sum256([]byte(k))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}
