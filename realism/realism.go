// Package realism reproduces, on demand, the real service's sharp edges that
// a faithful but forgiving pcs leaves out: answers with HTML-entity encoded
// strings and the refusal of such a value echoed back, GetOpportunity not
// finding a just-created opportunity for a moment, and a __type member inside
// ExpectedCustomerSpend items. Teams turn them on (pcs serve -realism strict)
// so that their CRM meets them on a laptop or in CI rather than in
// production (docs/realism.md).
//
// The quirks sit at the API's edge, outside the service: Wrap wraps the
// api.Service the protocol handler calls, and Config.RewriteOutput rewrites
// the JSON of answers for what no Go value of the model can carry. The zero
// Config changes nothing: Wrap returns the service itself and RewriteOutput
// is nil.
package realism

import (
	"fmt"
	"strings"
	"time"

	"pcs/api"
	"pcs/clock"
)

// Config says which quirks are on; the zero Config has none.
type Config struct {
	// HTMLEntities encodes the members of encodedMembers in answers ("&" as
	// "&amp;", ":" as "&amp;colon;") and refuses the encoded form of an
	// enum-like value in requests with INVALID_ENUM_VALUE (entities.go).
	HTMLEntities bool
	// ReadLag is how long, on the pcs clock, GetOpportunity answers
	// ResourceNotFoundException to the account that just created the
	// opportunity with CreateOpportunity; 0 means no lag (readlag.go).
	ReadLag time.Duration
	// SpendType gives every Project.ExpectedCustomerSpend item of a
	// GetOpportunity answer a "__type" member (spendtype.go).
	SpendType bool
}

// DefaultReadLag is the read-after-create lag of Strict: a third party's
// runs against the real Sandbox saw up to about 3 seconds (spec §1.11).
const DefaultReadLag = 3 * time.Second

// The levels of pcs serve -realism.
const (
	LevelOff    = "off"
	LevelStrict = "strict"
)

// Strict is every quirk on, as the real service has them.
func Strict() Config {
	return Config{HTMLEntities: true, ReadLag: DefaultReadLag, SpendType: true}
}

// ForLevel is the Config of a level: LevelOff (none) or LevelStrict (all).
func ForLevel(level string) (Config, error) {
	switch level {
	case LevelOff, "":
		return Config{}, nil
	case LevelStrict:
		return Strict(), nil
	}
	return Config{}, fmt.Errorf("%q: want %s or %s", level, LevelOff, LevelStrict)
}

// On reports whether any quirk is on.
func (c Config) On() bool { return c != Config{} }

// String names the quirks that are on ("off" when none), for the log.
func (c Config) String() string {
	switch c {
	case Config{}:
		return LevelOff
	case Strict():
		return LevelStrict
	}
	var on []string
	if c.HTMLEntities {
		on = append(on, "html-entities")
	}
	if c.ReadLag > 0 {
		on = append(on, "read-lag="+c.ReadLag.String())
	}
	if c.SpendType {
		on = append(on, "spend-type")
	}
	return strings.Join(on, ",")
}

// Check reports a Config that cannot be served.
func (c Config) Check() error {
	if c.ReadLag < 0 {
		return fmt.Errorf("read lag %s: must not be negative", c.ReadLag)
	}
	return nil
}

// Wrap returns svc with the quirks of c, reading the pcs clock clk; with
// none on, svc itself.
func Wrap(svc api.Service, clk clock.Clock, c Config) api.Service {
	if !c.HTMLEntities && c.ReadLag <= 0 {
		return svc // SpendType is all in RewriteOutput
	}
	w := &service{Service: svc, entities: c.HTMLEntities}
	if c.ReadLag > 0 {
		w.lag = newCreations(clk, c.ReadLag)
	}
	return w
}

// RewriteOutput is the awsjson.Config.RewriteOutput of c: it rewrites the
// JSON of an operation's answer; nil when no quirk needs it.
func (c Config) RewriteOutput() func(op string, body []byte) ([]byte, error) {
	if !c.SpendType {
		return nil
	}
	return func(op string, body []byte) ([]byte, error) {
		if op != api.OpGetOpportunity {
			return body, nil
		}
		return withSpendType(body)
	}
}

// OutputDeviations are the output members ("Shape.Member") that the quirks
// of c answer outside the model's constraints, each with the reason, for an
// output check (internal/apitest) to let pass.
func (c Config) OutputDeviations() map[string]string {
	if !c.HTMLEntities {
		return nil
	}
	d := map[string]string{}
	for _, m := range encodedMembers {
		d[m.shapeMember()] = "-quirk-html-entities: the encoded value can be longer than the model's bound, " +
			"as the real service's answers are (realism/entities.go)"
	}
	return d
}
