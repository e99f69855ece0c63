package main

// Who may call pcs and how much: the flags of authentication (-auth,
// -credentials, -regions), quotas (-quotas, -quota-limits) and the admin
// token, and the check that the admin side is not exposed unprotected.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"time"

	"pcs/accounts"
	"pcs/quota"
	"pcs/server"
	"pcs/sigv4"
)

// trustConfig holds the flags of this file.
type trustConfig struct {
	auth        string
	credentials string
	regions     string
	quotas      string
	quotaLimits string
	adminToken  string
}

// bind defines the flags of this file on ef.
func (t *trustConfig) bind(ef *envFlags) {
	fs := ef.fs
	fs.StringVar(&t.auth, "auth", "local", "`mode`: local accepts any well-formed signature (the account is the\n"+
		"access key when it is 12 digits); strict verifies every signature against -credentials")
	fs.StringVar(&t.credentials, "credentials", "", "credentials `file` (JSON): access keys, secrets, accounts, permissions, users;\n"+
		"required by -auth strict; in local mode it still applies to the keys it lists")
	fs.StringVar(&t.regions, "regions", "", "comma-separated `regions` a signature's scope may name, or *; default\n"+
		"us-east-1 (the service's only region) with -auth strict, any with -auth local, which then\n"+
		"logs a warning the first time a request names each other region")
	fs.StringVar(&t.quotas, "quotas", "off", "request quota `mode`: off, or aws for the real service's per-account limits\n"+
		"(reads 10/s and 100,000 per 24 h, writes 1/s and 10,000 per 24 h, CreateEngagement 15/s)")
	fs.StringVar(&t.quotaLimits, "quota-limits", "", "per-operation or per-group quota `changes`, e.g.\n"+
		"CreateOpportunity=5/s+50000/24h,ListSolutions=off,read=100/s")
	fs.StringVar(&t.adminToken, "admin-token", "", "bearer `token` the /_pcs/ admin endpoints require; mandatory when\n"+
		"-addr is not a loopback address")
}

// check validates the flags that need no I/O.
func (t *trustConfig) check() error {
	switch t.auth {
	case "local":
	case "strict":
		if t.credentials == "" {
			return errors.New("-auth strict needs -credentials FILE (or $PCS_CREDENTIALS): the keys and secrets to verify signatures with")
		}
	default:
		return fmt.Errorf("-auth %q: want local or strict", t.auth)
	}
	if err := checkRegions(t.regions); err != nil {
		return err
	}
	if _, err := t.quotaGroups(); err != nil {
		return err
	}
	return nil
}

// checkRegions refuses a -regions list with a name that is not written as
// an AWS region's, which no signature would name: a typo there would
// refuse every request.
func checkRegions(list string) error {
	if strings.TrimSpace(list) == "*" {
		return nil
	}
	for r := range strings.SplitSeq(list, ",") {
		switch r = strings.TrimSpace(r); {
		case r == "":
		case r == "*":
			return fmt.Errorf("-regions %q: * means any region and stands alone", list)
		case !sigv4.ValidRegion(r):
			return fmt.Errorf("-regions: %q is not an AWS region name (such as us-east-1, eu-west-1 or us-gov-west-1)", r)
		}
	}
	return nil
}

func (t *trustConfig) quotaGroups() ([]quota.Group, error) {
	groups, err := quota.Profile(t.quotas)
	if err != nil {
		return nil, fmt.Errorf("-quotas: %w", err)
	}
	if groups, err = quota.Override(groups, t.quotaLimits); err != nil {
		return nil, fmt.Errorf("-quota-limits: %w", err)
	}
	return groups, nil
}

func (t *trustConfig) regionList() []string {
	switch strings.TrimSpace(t.regions) {
	case "*":
		return nil
	case "":
		if t.auth == "strict" {
			return []string{sigv4.ServiceRegion}
		}
		return nil
	}
	var out []string
	for r := range strings.SplitSeq(t.regions, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// apply sets the Config fields these flags decide: authentication, the
// credentials file (permissions and users), quotas and the admin token.
func (t *trustConfig) apply(c *server.Config, defaultAccount string) error {
	if t.credentials != "" {
		dir, err := accounts.Load(t.credentials)
		if err != nil {
			return err
		}
		c.Accounts = dir
	}
	local := sigv4.Local{DefaultAccount: defaultAccount, Regions: t.regionList()}
	if c.Logger != nil {
		local.OtherRegion = sigv4.RegionWarner(c.Logger)
	}
	switch {
	case t.auth == "strict":
		// Signature times are checked against the wall clock (nil), never
		// the movable pcs clock: clients sign with their own wall clocks.
		c.Auth = sigv4.Strict{DefaultAccount: defaultAccount, Regions: t.regionList(), Credentials: c.Accounts}
	case c.Accounts != nil:
		c.Auth = accounts.Local{Local: local, Directory: c.Accounts}
	default:
		c.Auth = local
	}
	groups, err := t.quotaGroups()
	if err != nil {
		return err
	}
	c.Quotas = groups
	c.AdminToken = t.adminToken
	return nil
}

// checkAddr refuses -addr beyond loopback without -admin-token before pcs
// opens its store or a port: an empty or unspecified host (every
// interface), an address that is not loopback, or a host name any of whose
// addresses is not. checkExposure checks the listener again, last.
func (t *trustConfig) checkAddr(ctx context.Context, addr string) error {
	if t.adminToken != "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: %w", addr, err)
	}
	beyond := errors.New("-addr " + addr + " is beyond loopback: set -admin-token (or $PCS_ADMIN_TOKEN) to protect the /_pcs/ admin endpoints, or listen on 127.0.0.1")
	if host == "" {
		return beyond
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !ip.IsLoopback() {
			return beyond
		}
		return nil
	}
	ips, err := resolveHost(ctx, host)
	if err != nil {
		return fmt.Errorf("-addr %s: %w", addr, err)
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return fmt.Errorf("%w (%s is %s)", beyond, host, ip.IP)
		}
	}
	return nil
}

// resolveHost finds a host name's addresses; a variable so that tests can
// answer for names of their own.
var resolveHost = net.DefaultResolver.LookupIPAddr

// checkExposure refuses to serve the admin side beyond loopback without a
// token, and warns about local mode there: anyone who can reach the port
// could then reset, drive or read every partner's data.
func (t *trustConfig) checkExposure(ln net.Listener, log *slog.Logger) error {
	if isLoopback(ln.Addr()) {
		return nil
	}
	if t.adminToken == "" {
		return fmt.Errorf("pcs listens on %s, beyond loopback: set -admin-token (or $PCS_ADMIN_TOKEN) to protect the /_pcs/ admin endpoints", ln.Addr())
	}
	if t.auth != "strict" {
		log.Warn("listening beyond loopback with -auth local: any access key is accepted and names its own account; use -auth strict on a shared instance", "addr", ln.Addr().String())
	}
	return nil
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// Server timeouts: a slow or stalled client (slowloris) cannot hold a
// connection open; variables so that tests can shorten them.
var (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 75 * time.Second // above the longest injected latency (50 s)
	idleTimeout       = 120 * time.Second
)
