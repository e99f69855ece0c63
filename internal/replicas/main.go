// Command replicas runs several "pcs serve" on one fresh PostgreSQL schema
// behind a round-robin HTTP front: a client pointed at the front has its
// requests answered by the replicas in turn, request by request, as behind a
// load balancer without stickiness. conformance/run.sh runs the clients'
// suites through it.
//
//	replicas -pcs ./pcs -database postgres://... [-n 2] [-- serve flags...]
//
// It makes a schema of its own in the database, starts the replicas on it,
// waits until each answers GET /_pcs/health, then prints the front's URL on
// a line of its own and serves until SIGINT or SIGTERM, when it stops the
// replicas and drops the schema. The replicas' output goes to stderr, each
// line prefixed with the replica's number.
//
// The front forwards each request unchanged (method, path, query, headers,
// Host included, and body), so a SigV4 signature made for the front
// verifies on the replica. A replica that drops the connection has the
// front drop the client's, as the replica would have.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "replicas:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("replicas", flag.ContinueOnError)
	pcs := fs.String("pcs", "pcs", "the pcs binary")
	database := fs.String("database", os.Getenv("PCS_TEST_DATABASE_URL"), "a PostgreSQL database to make the replicas' schema in (default $PCS_TEST_DATABASE_URL)")
	n := fs.Int("n", 2, "how many replicas")
	addr := fs.String("addr", "127.0.0.1:0", "the front's address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *database == "" {
		return errors.New("-database (or $PCS_TEST_DATABASE_URL): a PostgreSQL database to make a schema in")
	}
	if *n < 1 {
		return fmt.Errorf("-n %d: at least one replica", *n)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	schemaURL, drop, err := freshSchema(ctx, *database)
	if err != nil {
		return err
	}
	defer drop()

	var replicas []*replica
	defer func() {
		for _, r := range replicas {
			r.stop()
		}
	}()
	for i := range *n {
		serve := append([]string{"serve", "-addr", "127.0.0.1:0", "-database", schemaURL}, fs.Args()...)
		r, err := startReplica(*pcs, i+1, serve)
		if err != nil {
			return err
		}
		replicas = append(replicas, r)
	}
	var backends []*url.URL
	for _, r := range replicas {
		if err := r.waitHealthy(ctx, 30*time.Second); err != nil {
			return err
		}
		backends = append(backends, r.url)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: front(backends), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	fmt.Printf("http://%s\n", ln.Addr())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// front hands each request to the next of backends in turn, unchanged.
func front(backends []*url.URL) http.Handler {
	var next atomic.Uint64
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 64
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			b := backends[(next.Add(1)-1)%uint64(len(backends))]
			// Not SetURL: it would set the Host header to the replica's,
			// and the signature covers the one the client sent.
			r.Out.URL.Scheme, r.Out.URL.Host = b.Scheme, b.Host
			r.Out.Host = r.In.Host
		},
		Transport:     transport,
		FlushInterval: -1, // long polls and streams pass through as they come
		ErrorHandler: func(http.ResponseWriter, *http.Request, error) {
			panic(http.ErrAbortHandler) // drop the client's connection, as the replica dropped the front's
		},
	}
}

// freshSchema makes a schema of its own in the database at base, and
// returns the URL whose connections keep their tables there, and how to
// drop it.
func freshSchema(ctx context.Context, base string) (string, func(), error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, fmt.Errorf("-database: %w", err)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, fmt.Errorf("-database: %w", err)
	}
	schema := fmt.Sprintf("pcs_replicas_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		db.Close()
		return "", nil, fmt.Errorf("make a schema in the database: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(dctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			fmt.Fprintf(os.Stderr, "replicas: drop the schema %s: %v\n", schema, err)
		}
		db.Close()
	}, nil
}

// replica is one "pcs serve".
type replica struct {
	cmd  *exec.Cmd
	url  *url.URL
	done chan struct{}
}

var listening = regexp.MustCompile(`listening on (http://[0-9.:]+)`)

// startReplica starts pcs with args and reads the address it listens on
// from the first line it prints; its output goes on to stderr, prefixed.
func startReplica(pcs string, number int, args []string) (*replica, error) {
	cmd := exec.Command(pcs, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start replica %d: %w", number, err)
	}
	r := &replica{cmd: cmd, done: make(chan struct{})}
	lines := bufio.NewScanner(out)
	prefix := fmt.Sprintf("replica %d: ", number)
	for lines.Scan() {
		fmt.Fprintln(os.Stderr, prefix+lines.Text())
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			r.url, _ = url.Parse(m[1])
			break
		}
	}
	var copying sync.WaitGroup
	copying.Go(func() {
		for lines.Scan() {
			fmt.Fprintln(os.Stderr, prefix+lines.Text())
		}
		_, _ = io.Copy(io.Discard, out)
	})
	go func() { copying.Wait(); _ = cmd.Wait(); close(r.done) }()
	if r.url == nil {
		<-r.done
		return nil, fmt.Errorf("replica %d did not start: %v", number, cmd.ProcessState)
	}
	return r, nil
}

// waitHealthy waits until the replica answers GET /_pcs/health with 200.
func (r *replica) waitHealthy(ctx context.Context, within time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	for deadline := time.Now().Add(within); time.Now().Before(deadline); {
		if resp, err := client.Get(r.url.String() + "/_pcs/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-r.done:
			return fmt.Errorf("the replica on %s exited: %v", r.url, r.cmd.ProcessState)
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("the replica on %s did not become healthy within %v", r.url, within)
}

// stop ends the replica as SIGTERM does, and waits for it.
func (r *replica) stop() {
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(10 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.done
	}
}
