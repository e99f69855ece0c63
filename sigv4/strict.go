package sigv4

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"time"

	"pcs/caller"
	"pcs/clock"
)

// Credential is an access key's secret and owner.
type Credential struct {
	AccessKeyID     string
	SecretAccessKey string
	// SessionToken, when set, must be sent as X-Amz-Security-Token (temporary
	// credentials); when empty the key is a long-term key and a request that
	// carries a token is refused, as AWS refuses it.
	SessionToken string
	// AccountID owns the key; "" falls back to AccountFor.
	AccountID string
}

// Credentials finds the credential of an access key. found is false for an
// unknown key; err is for lookups that failed (a store that is down).
type Credentials interface {
	Lookup(ctx context.Context, accessKeyID string) (cred Credential, found bool, err error)
}

// StaticCredentials is a fixed set of credentials keyed by access key id.
type StaticCredentials map[string]Credential

// NewStaticCredentials indexes creds by their AccessKeyID.
func NewStaticCredentials(creds ...Credential) StaticCredentials {
	m := make(StaticCredentials, len(creds))
	for _, c := range creds {
		m[c.AccessKeyID] = c
	}
	return m
}

// Lookup implements Credentials.
func (m StaticCredentials) Lookup(_ context.Context, accessKeyID string) (Credential, bool, error) {
	c, ok := m[accessKeyID]
	return c, ok, nil
}

// Strict verifies signatures as AWS does: known key, signing time within
// MaxSkew of the clock (or within X-Amz-Expires for presigned URLs), and the
// signature recomputed from the request and the secret.
type Strict struct {
	// DefaultAccount, Service and Regions are as in Local; DefaultAccount
	// applies to credentials without an AccountID.
	DefaultAccount string
	Service        string
	Regions        []string
	Credentials    Credentials
	Clock          clock.Clock   // nil means the wall clock
	MaxSkew        time.Duration // 0 means 15 minutes
	// Explain appends the canonical request and string to sign (as the SDK
	// signer built them) to the signature-mismatch message, as some AWS
	// services do, to debug hand-written signers.
	Explain bool
}

// Authenticate implements Authenticator.
func (s Strict) Authenticate(r *http.Request, body []byte) (caller.Identity, error) {
	p, err := s.PrecheckRequest(r)
	if err != nil {
		return caller.Identity{}, err
	}
	return s.AuthenticatePrechecked(r, body, p)
}

// PrecheckRequest implements TwoStep: every check but the signature.
func (s Strict) PrecheckRequest(r *http.Request) (Prechecked, error) {
	sig, _, err := s.check(r)
	return Prechecked{sig: sig}, err
}

// AuthenticatePrechecked implements TwoStep: the key and the time again,
// as they are now, and the signature, recomputed from the body.
func (s Strict) AuthenticatePrechecked(r *http.Request, body []byte, p Prechecked) (caller.Identity, error) {
	sig := p.sig
	cred, err := s.checkKey(r, sig)
	if err != nil {
		return caller.Identity{}, err
	}
	want, explanation, err := recompute(r, body, sig, cred.SecretAccessKey, s.Explain)
	if err != nil {
		return caller.Identity{}, fmt.Errorf("sigv4: recompute signature: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(want), []byte(sig.Signature)) != 1 {
		msg := msgSignatureMismatch
		if s.Explain {
			msg += "\n\n" + explanation
		}
		return caller.Identity{}, newError(CodeInvalidSignature, msg)
	}
	account := cred.AccountID
	if account == "" {
		account = AccountFor(sig.AccessKeyID, s.DefaultAccount)
	}
	return caller.Identity{AccountID: account, AccessKeyID: sig.AccessKeyID, Region: sig.Region}, nil
}

// Precheck implements Prechecker: every check but the signature itself,
// which covers the body's hash.
func (s Strict) Precheck(r *http.Request) error {
	_, _, err := s.check(r)
	return err
}

// check makes the checks that need no body: shape, scope, a signed target,
// a known key and its session token, the signing time.
func (s Strict) check(r *http.Request) (*Signature, Credential, error) {
	sig, err := Parse(r)
	if err != nil {
		return nil, Credential{}, err
	}
	if err := checkScope(sig, s.Service, s.Regions); err != nil {
		return nil, Credential{}, err
	}
	if err := sig.checkTargetSigned(r); err != nil {
		return nil, Credential{}, err
	}
	cred, err := s.checkKey(r, sig)
	if err != nil {
		return nil, Credential{}, err
	}
	if !sig.Presigned && !sig.signs("x-amz-date") {
		// The SDK signer always signs X-Amz-Date; every SDK sends it.
		return nil, Credential{}, newError(CodeIncompleteSignature,
			"pcs verifies only signatures that include the X-Amz-Date header in SignedHeaders (every AWS SDK signs it); a request dated by the Date header alone cannot be verified.")
	}
	return sig, cred, nil
}

// checkKey looks the key up and checks its session token and the signing
// time: the checks whose outcome can change while the body is read (the
// clock moves, a credential store changes), which the verification makes
// again. The others depend on the request alone.
func (s Strict) checkKey(r *http.Request, sig *Signature) (Credential, error) {
	cred, found, err := s.Credentials.Lookup(r.Context(), sig.AccessKeyID)
	if err != nil {
		return Credential{}, fmt.Errorf("sigv4: look up access key: %w", err)
	}
	// A session token must match the key's; a long-term key (no token
	// configured) must come without one, as in AWS.
	if !found || subtle.ConstantTimeCompare([]byte(cred.SessionToken), []byte(sig.SecurityToken)) != 1 {
		return Credential{}, newError(CodeUnrecognizedClient, msgUnrecognizedClient)
	}
	return cred, s.checkTime(sig)
}

// checkTime rejects signatures too far from now, worded as AWS words it.
func (s Strict) checkTime(sig *Signature) error {
	var now time.Time
	if s.Clock != nil {
		now = s.Clock.Now().UTC()
	} else {
		now = clock.System{}.Now()
	}
	skew := s.MaxSkew
	if skew <= 0 {
		skew = defaultMaxSkew * time.Minute
	}
	const f = amzDateLayout
	mins := int(skew / time.Minute)
	if sig.Time.After(now.Add(skew)) {
		return newError(CodeInvalidSignature, fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + %d min.)",
			sig.AmzDate, now.Add(skew).Format(f), now.Format(f), mins))
	}
	if sig.Presigned && sig.Expires > 0 {
		if earliest := now.Add(-sig.Expires); sig.Time.Before(earliest) {
			return newError(CodeInvalidSignature, fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %d sec.)",
				sig.AmzDate, earliest.Format(f), now.Format(f), int(sig.Expires/time.Second)))
		}
		return nil
	}
	if sig.Time.Before(now.Add(-skew)) {
		return newError(CodeInvalidSignature, fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %d min.)",
			sig.AmzDate, now.Add(-skew).Format(f), now.Format(f), mins))
	}
	return nil
}

// checkTargetSigned refuses an X-Amz-Target header the signature does not
// cover. The header picks the operation (awsjson), and the path and query
// are always signed while a header is signed only when listed: unsigned, it
// would let whoever holds a request presigned or path-signed for one
// operation run another. The answer is worded as the AWS front end words
// it for Host, the header it is known to require signed (checkShape):
// IncompleteSignatureException with HTTP 400, like the other front-end
// errors (the spec, §1.1, finds this service answers 400, not 403). S3's
// 403 AccessDenied "There were headers present in the request which were
// not signed" is S3's REST front end, not the JSON one. Local accepts any
// signature, and so an unsigned target too.
func (s *Signature) checkTargetSigned(r *http.Request) error {
	if _, sent := r.Header[targetHeader]; !sent || s.signs(targetHeader) {
		return nil
	}
	where := "Authorization"
	if s.Presigned {
		where = "X-Amz-SignedHeaders"
	}
	return newError(CodeIncompleteSignature, fmt.Sprintf("'%s' must be a 'SignedHeader' in the AWS %s.", targetHeader, where))
}

// targetHeader is the header that names the operation of an AWS JSON
// request.
const targetHeader = "X-Amz-Target"
