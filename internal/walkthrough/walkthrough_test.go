package walkthrough

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// root is the repository's root, where the walkthroughs run.
const root = "../.."

// defaultAddr is the address the docs give pcs; each walkthrough runs on
// a free port in its place.
const defaultAddr = "127.0.0.1:7426"

func TestRead(t *testing.T) {
	doc := filepath.Join(t.TempDir(), "doc.md")
	if err := os.WriteFile(doc, []byte("# Doc\n\n```sh\nnot marked\n```\n\n```sh\n# walkthrough: two steps\n"+
		"export A=1    # a comment\n\npcs serve &    # in the background\naws one \\\n    --two\n#> first line\n#>\n#> ...\n#> last\n```\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ws, err := Read(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 1 || ws[0].Name != "two steps" || len(ws[0].Steps) != 3 {
		t.Fatalf("read %+v", ws)
	}
	s := ws[0].Steps
	if s[1].Command != "pcs serve &    # in the background" || s[2].Command != "aws one \\\n    --two" || s[2].Line != 12 ||
		strings.Join(s[2].Output, "|") != "first line||...|last" || s[0].Output != nil {
		t.Errorf("steps %+v", s)
	}
	if c, bg := Background(s[1].Command); !bg || c != "pcs serve" {
		t.Errorf("Background(%q) = %q, %v", s[1].Command, c, bg)
	}
	if _, bg := Background("a && b"); bg {
		t.Error("a && b is no background command")
	}
	for _, tt := range []struct {
		want, got []string
		ok        bool
	}{
		{[]string{"Action Required Customer"}, []string{"Action Required\tCustomer  "}, true},
		{[]string{"a", "...", "z"}, []string{"a", "b", "c", "z"}, true},
		{[]string{"a", "..."}, []string{"a"}, true},
		{[]string{"a"}, []string{"a", "b"}, false},
		{[]string{"a", "z"}, []string{"a", "b"}, false},
	} {
		if Matches(tt.want, tt.got) != tt.ok {
			t.Errorf("Matches(%q, %q) != %v", tt.want, tt.got, tt.ok)
		}
	}
}

// TestWalkthroughs runs every walkthrough of README.md and docs/ as
// written (Read says how they are marked), each against a pcs of its own
// started by the walkthrough, on a free port in place of the default one:
// the test replaces 127.0.0.1:7426 in the commands and sets PCS_ADDR and
// PCS_ENDPOINT. They need bash, curl and the AWS CLI; without the AWS CLI
// the test is skipped, unless PCS_WALKTHROUGH=required (conformance/run.sh),
// when it fails. PCS_BINARY names a pcs binary to run instead of building
// one.
func TestWalkthroughs(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var all []Walkthrough
	for _, doc := range append([]string{filepath.Join(root, "README.md")}, docs...) {
		ws, err := Read(doc)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ws...)
	}
	if len(all) == 0 {
		t.Fatal("no walkthrough in README.md or docs/")
	}
	required := os.Getenv("PCS_WALKTHROUGH") == "required"
	for _, tool := range []string{"bash", "curl", "aws"} {
		if _, err := exec.LookPath(tool); err != nil {
			if required {
				t.Fatalf("the walkthroughs need %s on the PATH (the AWS CLI: pip install awscli)", tool)
			}
			t.Skipf("the walkthroughs need %s on the PATH (the AWS CLI: pip install awscli); conformance/run.sh runs them", tool)
		}
	}
	if testing.Short() && !required {
		t.Skip("-short: the walkthroughs start pcs and the AWS CLI")
	}
	bin := pcsBinary(t)
	for _, w := range all {
		t.Run(fmt.Sprintf("%s:%d", filepath.Base(w.Doc), w.Line), func(t *testing.T) { runWalkthrough(t, w, bin) })
	}
}

// pcsBinary is the directory of a pcs binary: $PCS_BINARY's, or one built
// for the test.
func pcsBinary(t *testing.T) string {
	if b := os.Getenv("PCS_BINARY"); b != "" {
		abs, err := filepath.Abs(b)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := os.Symlink(abs, filepath.Join(dir, "pcs")); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "pcs"), "./cmd/pcs")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/pcs: %v\n%s", err, out)
	}
	return dir
}

// awsDir is the directory of the real AWS CLI: a pyenv shim costs half a
// second a call, so the CLI it stands for is run directly.
func awsDir() string {
	p, _ := exec.LookPath("aws")
	if strings.HasSuffix(p, "/shims/aws") {
		if out, err := exec.Command("pyenv", "which", "aws").Output(); err == nil {
			return filepath.Dir(strings.TrimSpace(string(out)))
		}
	}
	return filepath.Dir(p)
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// stepMark ends each command's output in the script's: the step's number
// and its exit status.
var stepMark = regexp.MustCompile(`(?m)^@@walkthrough step ([0-9]+) exit ([0-9]+)@@$`)

// script is the walkthrough as one bash script: each command, then its
// mark; the first to fail ends it. Background commands write to log.
func script(w Walkthrough, addr, log string) string {
	var b strings.Builder
	b.WriteString("set -u\n")
	for i, s := range w.Steps {
		cmd := strings.ReplaceAll(s.Command, defaultAddr, addr)
		if c, bg := Background(cmd); bg {
			cmd = c + " >>" + strconv.Quote(log) + " 2>&1 &"
		}
		fmt.Fprintf(&b, "%s\n__rc=$?\nprintf '\\n@@walkthrough step %d exit %%d@@\\n' $__rc\n[ $__rc -eq 0 ] || exit 0\n", cmd, i)
	}
	return b.String()
}

func runWalkthrough(t *testing.T, w Walkthrough, bin string) {
	addr := freeAddr(t)
	home := t.TempDir()
	log := filepath.Join(home, "background.log")
	for _, f := range []string{"aws-config", "aws-credentials"} {
		if err := os.WriteFile(filepath.Join(home, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script(w, addr, log))
	cmd.Dir = root
	// A reader's environment, less their AWS setup and pcs settings.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "PCS_") && !strings.HasPrefix(kv, "PATH=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PATH="+bin+string(os.PathListSeparator)+awsDir()+string(os.PathListSeparator)+os.Getenv("PATH"),
		"AWS_CONFIG_FILE="+filepath.Join(home, "aws-config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "aws-credentials"),
		"AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true", "PCS_ADDR="+addr, "PCS_ENDPOINT=http://"+addr)
	// Its own process group, so that the pcs it starts ends with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	background, _ := os.ReadFile(log)
	if err != nil {
		t.Fatalf("%s: %v\n%s\nbackground:\n%s", w.Doc, err, out.String(), background)
	}

	marks := stepMark.FindAllStringSubmatchIndex(out.String(), -1)
	start := 0
	for i, m := range marks {
		text := out.String()
		step := w.Steps[i]
		got := strings.Split(strings.Trim(text[start:m[0]], "\n"), "\n")
		if strings.TrimSpace(text[start:m[0]]) == "" {
			got = nil
		}
		start = m[1]
		where := fmt.Sprintf("%s:%d: %s", filepath.Base(w.Doc), step.Line, strings.SplitN(step.Command, "\n", 2)[0])
		if code := text[m[4]:m[5]]; code != "0" {
			t.Fatalf("%s\nexited %s, printing:\n%s\nbackground:\n%s", where, code, strings.Join(got, "\n"), background)
		}
		if step.Output != nil && !Matches(step.Output, got) {
			t.Errorf("%s\nprinted:\n%s\nthe document shows:\n%s", where, strings.Join(got, "\n"), strings.Join(step.Output, "\n"))
		}
	}
	if len(marks) != len(w.Steps) {
		t.Fatalf("%s: %d of %d commands ran:\n%s\nbackground:\n%s", w.Doc, len(marks), len(w.Steps), out.String()[start:], background)
	}
}
