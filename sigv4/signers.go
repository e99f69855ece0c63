package sigv4

import (
	"crypto/sha256"
	"sync"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// The SDK signer caches the key it derives from a secret (four HMACs) by
// access key, region, service and day, but not by the secret: one signer
// for every request would go on using a rotated key's old derived key. So
// each credential, by its access key and a hash of its secret, gets a
// signer of its own: a new secret is a new signer, and a request verifies
// with the key derived from the secret it was looked up with.
var signers = signerCache{m: map[[sha256.Size]byte]*v4.Signer{}}

// maxSigners bounds the signers kept: past it, the cache starts over
// (a derived key costs four HMACs to make again).
const maxSigners = 1024

type signerCache struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]*v4.Signer
}

// signerFor is the signer of the credential (accessKeyID, secret).
func signerFor(accessKeyID, secret string) *v4.Signer {
	h := sha256.New()
	h.Write([]byte(accessKeyID))
	h.Write([]byte{0}) // an access key id has no NUL: the two parts cannot run together
	h.Write([]byte(secret))
	var key [sha256.Size]byte
	h.Sum(key[:0])
	signers.mu.Lock()
	defer signers.mu.Unlock()
	s := signers.m[key]
	if s == nil {
		if len(signers.m) >= maxSigners {
			clear(signers.m)
		}
		s = v4.NewSigner()
		signers.m[key] = s
	}
	return s
}
