// Package sigv4 works out who is calling from a request's AWS Signature
// Version 4 (Authorization header or presigned query string) and reports
// the AWS front end's authentication errors as typed values (*Error).
//
// Local accepts any well-formed signature (the default for a local
// emulator: any access key works, as with LocalStack); Strict also verifies the
// signature against a secret looked up by access key id, recomputing it with
// the AWS SDK for Go v2 signer (verify.go).
package sigv4

import (
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"sync"

	"pcs/caller"
)

// Authenticator works out who signed a request. body is the raw request body
// (already read by the protocol layer; it is part of the signature). Errors
// are *Error values for the client's mistakes; any other error is an
// internal failure (e.g. a credential store that is down).
type Authenticator interface {
	Authenticate(r *http.Request, body []byte) (caller.Identity, error)
}

// Prechecker is implemented by Authenticators that can refuse a request
// from its headers and URL alone, before its body is read: the protocol
// layer calls Precheck first, so a request that cannot be valid costs no
// body read and no memory. Authenticate still makes every check.
type Prechecker interface {
	Precheck(r *http.Request) error
}

// Prechecked is what a precheck found of a request, its signature, for
// authentication to finish with once the body is read, without parsing
// the request again.
type Prechecked struct {
	sig *Signature
}

// TwoStep is implemented by Authenticators that authenticate in the two
// steps the protocol layer takes, parsing the request once:
// PrecheckRequest makes Precheck's checks before the body is read, and
// AuthenticatePrechecked finishes Authenticate's with the body and what
// PrecheckRequest found. Together they decide as Authenticate does.
type TwoStep interface {
	Authenticator
	PrecheckRequest(r *http.Request) (Prechecked, error)
	AuthenticatePrechecked(r *http.Request, body []byte, p Prechecked) (caller.Identity, error)
}

// DefaultAccount is the account of callers whose access key id is not
// itself a 12-digit account id, unless configured otherwise.
const DefaultAccount = "123456789012"

// DefaultService is the signing name the credential scope must carry
// unless configured otherwise.
const DefaultService = "partnercentral-selling"

// ServiceRegion is the one region the real service is in.
const ServiceRegion = "us-east-1"

// regionName is the form of AWS region names: a partition's two to four
// letters (us, cn, eusc), optional qualifiers (gov, iso, isob, de), a
// direction (east, southeast, central) and a number: us-east-1,
// us-gov-west-1, us-isob-east-1, eusc-de-east-1.
var regionName = regexp.MustCompile(`^[a-z]{2,4}(-[a-z]+){1,3}-[0-9]{1,2}$`)

// ValidRegion reports whether s is written as an AWS region name. It says
// nothing of whether AWS has that region.
func ValidRegion(s string) bool { return regionName.MatchString(s) }

// maxWarnedRegions bounds the regions RegionWarner remembers: in local mode
// the region is whatever a caller writes in its scope.
const maxWarnedRegions = 64

// RegionWarner returns a Local.OtherRegion that logs a warning the first
// time each region is seen: a client configured for that region would not
// reach the real service, which answers only in ServiceRegion.
func RegionWarner(log *slog.Logger) func(region string) {
	var mu sync.Mutex
	seen := map[string]bool{}
	return func(region string) {
		mu.Lock()
		defer mu.Unlock()
		if seen[region] || len(seen) > maxWarnedRegions {
			return
		}
		seen[region] = true
		if len(seen) > maxWarnedRegions {
			log.Warn("signatures name many regions other than " + ServiceRegion + "; no more are reported")
			return
		}
		log.Warn("a request is signed for a region other than "+ServiceRegion+", the real service's only region: "+
			"pcs accepts it in local mode, AWS would not (said once per region)", "region", region)
	}
}

// ValidAccount reports whether s is an AWS account id (12 digits).
func ValidAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// AccountFor returns the account an access key belongs to when no
// credential store says: the key itself when it is a 12-digit number (so a
// test picks its account by picking its key), otherwise defaultAccount
// (DefaultAccount when "").
func AccountFor(accessKeyID, defaultAccount string) string {
	switch {
	case ValidAccount(accessKeyID):
		return accessKeyID
	case defaultAccount != "":
		return defaultAccount
	}
	return DefaultAccount
}

// checkScope checks the credential scope against the service (DefaultService
// when "") and, when regions is not empty, the allowed regions.
func checkScope(sig *Signature, service string, regions []string) error {
	if service == "" {
		service = DefaultService
	}
	if sig.Service != service {
		return newError(CodeInvalidSignature, fmt.Sprintf("Credential should be scoped to correct service: '%s'. ", service))
	}
	if len(regions) > 0 && !slices.Contains(regions, sig.Region) {
		return newError(CodeInvalidSignature, fmt.Sprintf("Credential should be scoped to a valid region, not '%s'. ", sig.Region))
	}
	return nil
}

// Local authenticates without secrets: the request must carry a well-formed
// SigV4 signature for the right service, and any access key is accepted.
type Local struct {
	// DefaultAccount is the account of keys that are not 12 digits; "" means
	// DefaultAccount.
	DefaultAccount string
	// Service is the signing name required in the scope; "" means DefaultService.
	Service string
	// Regions limits the scope's region; empty means any (the real service is
	// us-east-1 only, but a local endpoint need not be).
	Regions []string
	// OtherRegion, when set and Regions is empty, is called with the region
	// of each accepted request whose scope names one other than
	// ServiceRegion (RegionWarner logs each region once).
	OtherRegion func(region string)
}

// Authenticate implements Authenticator.
func (l Local) Authenticate(r *http.Request, body []byte) (caller.Identity, error) {
	p, err := l.PrecheckRequest(r)
	if err != nil {
		return caller.Identity{}, err
	}
	return l.AuthenticatePrechecked(r, body, p)
}

// PrecheckRequest implements TwoStep: Local needs nothing of the body,
// so every check is made here.
func (l Local) PrecheckRequest(r *http.Request) (Prechecked, error) {
	sig, err := l.check(r)
	return Prechecked{sig: sig}, err
}

// AuthenticatePrechecked implements TwoStep.
func (l Local) AuthenticatePrechecked(_ *http.Request, _ []byte, p Prechecked) (caller.Identity, error) {
	sig := p.sig
	if l.OtherRegion != nil && len(l.Regions) == 0 && sig.Region != ServiceRegion {
		l.OtherRegion(sig.Region)
	}
	return caller.Identity{AccountID: AccountFor(sig.AccessKeyID, l.DefaultAccount), AccessKeyID: sig.AccessKeyID, Region: sig.Region}, nil
}

// Precheck implements Prechecker: Local needs nothing of the body.
func (l Local) Precheck(r *http.Request) error {
	_, err := l.check(r)
	return err
}

func (l Local) check(r *http.Request) (*Signature, error) {
	sig, err := Parse(r)
	if err != nil {
		return nil, err
	}
	return sig, checkScope(sig, l.Service, l.Regions)
}
