package selling

import (
	"crypto/rand"
	"fmt"
)

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// randomID returns prefix followed by n characters of [0-9a-z], the form of
// the service's engagement, invitation and task ids.
func randomID(prefix string, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error()) // cannot happen on supported platforms
	}
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return prefix + string(b)
}

func invitationARN(catalog, id string) string {
	return fmt.Sprintf("arn:aws:partnercentral:us-east-1::catalog/%s/engagement-invitation/%s", catalog, id)
}

func taskARN(catalog, family, id string) string {
	return fmt.Sprintf("arn:aws:partnercentral:us-east-1::catalog/%s/%s/%s", catalog, family, id)
}

// idFromARN accepts an id or an ARN whose last segment is the id.
func idFromARN(v string) string {
	for i := len(v) - 1; i >= 0; i-- {
		if v[i] == '/' {
			return v[i+1:]
		}
	}
	return v
}
