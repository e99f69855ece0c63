#!/usr/bin/env bash
# Real-client conformance suite of pcs: builds pcs, starts it on a throwaway in-memory store
# on a free loopback port, and runs the official clients against it: boto3, the AWS CLI and
# the AWS SDK for JavaScript v3; with PCS_TEST_DATABASE_URL set, the same again through a
# round-robin front before two pcs on one fresh PostgreSQL schema (internal/replicas), each
# request to the other replica; then boto3 and the JS SDK against a second pcs started with
# -realism strict (docs/realism.md); then the test harnesses (harness/python, harness/node),
# whose suites start pcs binaries of their own from the same build; last, the docs'
# walkthroughs, each on a pcs of its own (internal/walkthrough). Prints one summary line
# per suite and, last, a line "N passed, M failed". Exits non-zero when anything failed,
# including a missing client; the pytest suite alone is skipped, and says so, without pytest.
#
#   bash conformance/run.sh        (or: make conformance)
#
# PCS_CONFORMANCE_SERVE_FLAGS, when set, are flags for pcs serve in place of -in-memory: the
# suite against another store, e.g. PCS_CONFORMANCE_SERVE_FLAGS='-database postgres://...'
# (a fresh database or schema: the suites expect a pcs nobody used).
# PCS_CONFORMANCE_PYTEST_PATH, when set, is a directory put on python3's path for the pytest
# example alone: pytest and its dependencies, for a python3 without its own (.ci/run sets it).
#
# Needs Go, python3 with boto3, the AWS CLI (pip install awscli boto3), Node 18+ and npm.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONF="$ROOT/conformance"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pcs-conformance.XXXXXX")
PCS_PID="" STRICT_PID="" REPLICAS_PID=""

cleanup() {
	local pid
	for pid in "$PCS_PID" "$STRICT_PID" "$REPLICAS_PID"; do
		if [[ -n "$pid" ]]; then
			kill "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		fi
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()

say() { printf '%s\n' "$*"; }
section() { printf '\n=== %s ===\n' "$*"; }

# record <client label> <passed> <failed> [note]
record() {
	local label=$1 passed=$2 failed=$3 note=${4:-}
	TOTAL_PASSED=$((TOTAL_PASSED + passed))
	TOTAL_FAILED=$((TOTAL_FAILED + failed))
	local verdict=PASS
	((failed == 0)) || verdict=FAIL
	SUMMARY+=("$(printf '%-32s %s: %d passed, %d failed%s' "$label" "$verdict" "$passed" "$failed" "${note:+ ($note)}")")
}

# skipped <label> <why>: a suite that could not run here, and does not count.
skipped() {
	SUMMARY+=("$(printf '%-32s SKIP (%s)' "$1" "$2")")
}

finish() {
	section "summary"
	local line
	for line in "${SUMMARY[@]}"; do say "$line"; done
	say "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
	((TOTAL_FAILED == 0))
}

# Keep the user's AWS configuration out: no profile, no config or credentials files, no
# endpoint or retry overrides, no pager. Each suite names its own account (access key).
# Likewise pcs's own PCS_* settings (quotas, auth mode, ...): the suites want a default pcs.
read -r -a SERVE_STORE <<<"${PCS_CONFORMANCE_SERVE_FLAGS:--in-memory}"
PYTEST_PATH=${PCS_CONFORMANCE_PYTEST_PATH:-}
REPLICAS_DATABASE=${PCS_TEST_DATABASE_URL:-}
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(AWS|PCS)_' || true)
: >"$WORK/aws-config"
: >"$WORK/aws-credentials"
export AWS_CONFIG_FILE="$WORK/aws-config" AWS_SHARED_CREDENTIALS_FILE="$WORK/aws-credentials"
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_PAGER="" AWS_EC2_METADATA_DISABLED=true
export PYTHONDONTWRITEBYTECODE=1

# ---- prerequisites ---------------------------------------------------------------------------

HAVE_PY=1 HAVE_CLI=1 HAVE_NODE=1
PY_HINT="install Python 3 and boto3: pip install awscli boto3"
if ! command -v python3 >/dev/null 2>&1; then
	HAVE_PY=0 HAVE_CLI=0
	say "MISSING: python3. The boto3 and AWS CLI suites need it; $PY_HINT"
elif ! python3 -c 'import boto3, sys; sys.exit("partnercentral-selling" not in boto3.session.Session().get_available_services())' 2>/dev/null; then
	HAVE_PY=0
	say "MISSING: a boto3 that knows the partnercentral-selling service. Get it: pip install -U awscli boto3"
fi
if ! command -v aws >/dev/null 2>&1 || ! aws --version >/dev/null 2>&1; then
	HAVE_CLI=0
	say "MISSING: a working AWS CLI ('aws --version' fails). Get it: pip install awscli boto3 (the AWS CLI v2 installer works too)"
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	HAVE_NODE=0
	say "MISSING: node and npm. The JS SDK v3 suite needs Node 18+ with npm (https://nodejs.org/)"
elif (($(node -p 'parseInt(process.versions.node)' 2>/dev/null || echo 0) < 18)); then
	HAVE_NODE=0
	say "MISSING: Node 18+ (found $(node --version 2>&1 || true)). The JS SDK v3 suite needs Node 18+ (https://nodejs.org/)"
fi

# ---- pcs ------------------------------------------------------------------------------------

section "build and start pcs"
if ! (cd "$ROOT" && go build -o "$WORK/pcs" ./cmd/pcs); then
	say "go build ./cmd/pcs failed"
	record "pcs build" 0 1 "go build ./cmd/pcs failed"
	finish
	exit 1
fi

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + RANDOM % 20000))
}
healthy() {
	if command -v curl >/dev/null 2>&1; then
		curl -fsS -o /dev/null --max-time 2 "$1/_pcs/health" 2>/dev/null
	else
		python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/_pcs/health", timeout=2)' "$1" 2>/dev/null
	fi
}

# start_pcs <log> <pid variable> <endpoint variable> [serve flags...]: starts pcs serve
# with the flags on a free port and waits for /_pcs/health; on failure records it and exits.
start_pcs() {
	local log=$1 pid_var=$2 endpoint_var=$3
	shift 3
	local port endpoint pid started=0
	port=$(free_port)
	endpoint="http://127.0.0.1:$port"
	"$WORK/pcs" serve -addr "127.0.0.1:$port" "$@" >"$log" 2>&1 &
	pid=$!
	printf -v "$pid_var" '%s' "$pid"
	for _ in $(seq 1 200); do # up to 20 s
		if ! kill -0 "$pid" 2>/dev/null; then break; fi
		if healthy "$endpoint"; then started=1 && break; fi
		sleep 0.1
	done
	if ((started == 0)); then
		say "pcs${*:+ $*} did not become healthy on $endpoint; its log:"
		cat "$log" || true
		record "pcs start${*:+ $*}" 0 1 "no /_pcs/health"
		finish
		exit 1
	fi
	printf -v "$endpoint_var" '%s' "$endpoint"
	say "pcs${*:+ $*} is up on $endpoint"
}

start_pcs "$WORK/pcs.log" PCS_PID PCS_ENDPOINT "${SERVE_STORE[@]}"
export PCS_ENDPOINT

# ---- suites ----------------------------------------------------------------------------------

# npm_install <dir>: npm ci once per lock file (the stamp tells node_modules matches
# package-lock.json), npm install where there is no lock file.
npm_install() (
	cd "$1"
	if [[ -f package-lock.json ]]; then
		if ! cmp -s package-lock.json node_modules/.pcs-conformance-lock 2>/dev/null; then
			npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1 || { cat "$WORK/npm.log"; exit 1; }
			cp package-lock.json node_modules/.pcs-conformance-lock
		fi
	else
		npm install --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1 || { cat "$WORK/npm.log"; exit 1; }
	fi
)

# run_node_test <label> <dir> <tap file> <test file...>: node --test in dir, counted from its TAP.
run_node_test() {
	local label=$1 dir=$2 tap=$3
	shift 3
	(cd "$dir" && node --test \
		--test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="$tap" \
		"$@") || true
	local passed failed cancelled
	passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -1)
	failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -1)
	cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$tap" 2>/dev/null | tail -1)
	if [[ -n "$passed" && -n "$failed" ]]; then
		record "$label" "$passed" $((failed + ${cancelled:-0}))
	else
		record "$label" 0 1 "node --test did not report"
	fi
}

# run_python <label> <dir> [env...]
run_python() {
	local label=$1 dir=$2
	shift 2
	local result="$WORK/$(basename "$dir").result"
	env "$@" python3 "$CONF/pyunit.py" "$dir" "$result" || true
	if [[ -s "$result" ]]; then
		local passed failed
		read -r passed failed <"$result"
		record "$label" "$passed" "$failed"
	else
		record "$label" 0 1 "the suite did not run to the end"
	fi
}

# client_suites <endpoint> <label suffix> <file tag>: boto3, the AWS CLI, the JS SDK v3 and,
# last (it moves the pcs clock, which the others share), boto3 playing the AWS side.
client_suites() {
	local endpoint=$1 suffix=$2 tag=$3
	section "boto3 (conformance/boto3, account 111111111111)$suffix"
	if ((HAVE_PY)); then
		run_python "boto3 $(python3 -c 'import boto3; print(boto3.__version__)')$suffix" "$CONF/boto3" PCS_ENDPOINT="$endpoint" PCS_BOTO3_ACCOUNT=111111111111
	else
		record "boto3$suffix" 0 1 "not installed: pip install awscli boto3"
	fi

	section "AWS CLI (conformance/cli, account 222222222222)$suffix"
	if ((HAVE_CLI && HAVE_PY)); then
		AWS_BIN=$(command -v aws)
		# A pyenv shim costs ~0.5 s per call; run the CLI it stands for directly.
		if [[ "$AWS_BIN" == */shims/aws ]] && command -v pyenv >/dev/null 2>&1; then
			AWS_BIN=$(pyenv which aws 2>/dev/null || echo "$AWS_BIN")
		fi
		cli_version=$("$AWS_BIN" --version 2>&1 | awk '{print $1}' || true)
		run_python "AWS CLI ${cli_version#aws-cli/}$suffix" "$CONF/cli" PCS_ENDPOINT="$endpoint" PCS_CLI_ACCOUNT=222222222222 PCS_AWS_CLI="$AWS_BIN"
	else
		record "AWS CLI$suffix" 0 1 "not installed: pip install awscli boto3"
	fi

	section "JS SDK v3 (conformance/js, account 333333333333)$suffix"
	if ((HAVE_NODE)); then
		if [[ -z "${js_ok:-}" ]]; then
			js_ok=1
			npm_install "$CONF/js" || js_ok=0
		fi
		if ((js_ok)); then
			sdk_version=$(cd "$CONF/js" && node -p 'require("@aws-sdk/client-partnercentral-selling/package.json").version' 2>/dev/null || echo "?")
			PCS_ENDPOINT="$endpoint" PCS_JS_ACCOUNT=333333333333 run_node_test "JS SDK v3 $sdk_version$suffix" "$CONF/js" "$WORK/js$tag.tap" conformance.test.mjs
		else
			record "JS SDK v3$suffix" 0 1 "npm ci failed in conformance/js"
		fi
	else
		record "JS SDK v3$suffix" 0 1 "needs Node 18+ and npm"
	fi

	section "boto3, the AWS side (conformance/awsside, account 444444444444)$suffix"
	if ((HAVE_PY)); then
		run_python "boto3 AWS side$suffix" "$CONF/awsside" PCS_ENDPOINT="$endpoint" PCS_AWSSIDE_ACCOUNT=444444444444
	else
		record "boto3 AWS side$suffix" 0 1 "not installed: pip install awscli boto3"
	fi
}

client_suites "$PCS_ENDPOINT" "" ""

# ---- two replicas ------------------------------------------------------------------------------
# The same suites through a round-robin front (internal/replicas) before two pcs serve on one
# fresh PostgreSQL schema: each client's requests go to the replicas in turn, as behind a load
# balancer without stickiness (docs/deployment.md).

section "two replicas on PostgreSQL, the clients alternating between them (internal/replicas)"
if [[ -z "$REPLICAS_DATABASE" ]]; then
	say "SKIPPED: the suites on two replicas need PostgreSQL: set PCS_TEST_DATABASE_URL to a database they may make a schema in, e.g. PCS_TEST_DATABASE_URL='postgres://postgres:pcs@127.0.0.1:5432/pcs_test?sslmode=disable' bash conformance/run.sh (.ci/run starts one)"
	skipped "suites on 2 replicas" "PCS_TEST_DATABASE_URL not set"
elif ! (cd "$ROOT" && go build -o "$WORK/replicas" ./internal/replicas); then
	record "replicas build" 0 1 "go build ./internal/replicas failed"
else
	"$WORK/replicas" -pcs "$WORK/pcs" -database "$REPLICAS_DATABASE" -n 2 >"$WORK/replicas.url" 2>"$WORK/replicas.log" &
	REPLICAS_PID=$!
	REPLICAS_ENDPOINT=""
	for _ in $(seq 1 300); do # up to 30 s
		if ! kill -0 "$REPLICAS_PID" 2>/dev/null; then break; fi
		REPLICAS_ENDPOINT=$(head -n 1 "$WORK/replicas.url")
		if [[ -n "$REPLICAS_ENDPOINT" ]] && healthy "$REPLICAS_ENDPOINT"; then break; fi
		REPLICAS_ENDPOINT=""
		sleep 0.1
	done
	if [[ -z "$REPLICAS_ENDPOINT" ]]; then
		say "the two replicas did not start; their log:"
		cat "$WORK/replicas.log" || true
		record "replicas start" 0 1 "no front answering /_pcs/health"
	else
		say "two replicas behind $REPLICAS_ENDPOINT"
		client_suites "$REPLICAS_ENDPOINT" " on 2 replicas" "-replicas"
	fi
	kill "$REPLICAS_PID" 2>/dev/null || true
	wait "$REPLICAS_PID" 2>/dev/null || true
	REPLICAS_PID=""
fi

# A pcs of its own: these suites move its clock and want -realism strict.
section "realism strict: boto3 (conformance/realism, account 555555555555)"
start_pcs "$WORK/strict.log" STRICT_PID STRICT_ENDPOINT -in-memory -realism strict
if ((HAVE_PY)); then
	run_python "boto3 -realism strict" "$CONF/realism" PCS_ENDPOINT="$STRICT_ENDPOINT" PCS_REALISM_ACCOUNT=555555555555
else
	record "boto3 -realism strict" 0 1 "not installed: pip install awscli boto3"
fi

section "realism strict: JS SDK v3 (conformance/js/realism.test.mjs, account 666666666666)"
if ((HAVE_NODE)) && ((js_ok)); then
	PCS_ENDPOINT="$STRICT_ENDPOINT" PCS_REALISM_JS_ACCOUNT=666666666666 \
		run_node_test "JS SDK v3 -realism strict" "$CONF/js" "$WORK/js-realism.tap" realism.test.mjs
else
	record "JS SDK v3 -realism strict" 0 1 "needs Node 18+, npm and the JS suite's packages"
fi

# ---- the test harnesses ------------------------------------------------------------------------
# Their suites start pcs binaries of their own, from the build above ($PCS_BIN), beside the
# shared one: the harnesses' own tests, and the CRM-sync examples docs/ci.md shows.

HARNESS="$ROOT/harness"

section "Python harness (harness/python: its tests, then the unittest example)"
if ((HAVE_PY)); then
	run_python "Python harness" "$HARNESS/python" PCS_BIN="$WORK/pcs"
	run_python "Python example (unittest)" "$HARNESS/python/examples" PCS_BIN="$WORK/pcs" PYTHONPATH="$HARNESS/python${PYTHONPATH:+:$PYTHONPATH}"
else
	record "Python harness" 0 1 "not installed: pip install boto3"
fi

section "Python example (harness/python/examples/pytest, pytest)"
if ((HAVE_PY)) && PYTHONPATH="${PYTEST_PATH}${PYTHONPATH:+:$PYTHONPATH}" python3 -c 'import pytest' 2>/dev/null; then
	# --pcs-bin rather than PCS_BIN: the option of the pcs_pytest plugin.
	env PYTHONPATH="$HARNESS/python:$HARNESS/python/examples${PYTEST_PATH:+:$PYTEST_PATH}${PYTHONPATH:+:$PYTHONPATH}" python3 -m pytest -p no:cacheprovider -v --rootdir "$HARNESS/python/examples/pytest" \
		--junitxml="$WORK/pytest.xml" --pcs-bin "$WORK/pcs" "$HARNESS/python/examples/pytest" || true
	if counts=$(python3 - "$WORK/pytest.xml" <<'PY' 2>/dev/null
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
n = lambda k: sum(int(s.get(k, 0)) for s in suites)
bad = n("failures") + n("errors") + n("skipped")  # skips count as failures, as in pyunit.py
print(n("tests") - bad, bad)
PY
	); then
		read -r passed failed <<<"$counts"
		record "Python example (pytest)" "$passed" "$failed"
	else
		record "Python example (pytest)" 0 1 "pytest did not report"
	fi
else
	say "SKIPPED: pytest is not installed (python3 -m pip install pytest); the pcs_pytest fixtures are tested where it is"
	skipped "Python example (pytest)" "pytest not installed"
fi

section "Node harness (harness/node: its tests and the node:test example)"
if ((HAVE_NODE)); then
	if npm_install "$HARNESS/node"; then
		PCS_BIN="$WORK/pcs" run_node_test "Node harness and example" "$HARNESS/node" "$WORK/harness-node.tap" \
			pcs.test.mjs examples/crm-sync.test.mjs
	else
		record "Node harness" 0 1 "npm ci failed in harness/node"
	fi
else
	record "Node harness" 0 1 "needs Node 18+ and npm"
fi

# The docs' walkthroughs start a pcs of their own each, with the binary built above, and
# need the AWS CLI: here a missing one is a failure, not a skip.
section "docs walkthroughs (internal/walkthrough: README.md and docs/*.md, with the AWS CLI)"
if ((HAVE_CLI)); then
	if [[ -n "${AWS_BIN:-}" ]]; then export PATH="$(dirname "$AWS_BIN"):$PATH"; fi
	(cd "$ROOT" && PCS_WALKTHROUGH=required PCS_BINARY="$WORK/pcs" go test -count=1 -v -run 'TestWalkthroughs$' ./internal/walkthrough) \
		>"$WORK/walkthrough.log" 2>&1 || true
	grep -E '^\s*--- (PASS|FAIL)|^\s+walkthrough_test' "$WORK/walkthrough.log" || true
	passed=$(grep -cE '^\s+--- PASS: TestWalkthroughs/' "$WORK/walkthrough.log" || true)
	failed=$(grep -cE '^\s+--- FAIL: TestWalkthroughs/' "$WORK/walkthrough.log" || true)
	if grep -qE '^ok\s' "$WORK/walkthrough.log" && ((passed > 0)); then
		record "docs walkthroughs" "$passed" "$failed"
	else
		tail -n 40 "$WORK/walkthrough.log"
		record "docs walkthroughs" "$passed" $((failed > 0 ? failed : 1)) "go test ./internal/walkthrough failed"
	fi
else
	record "docs walkthroughs" 0 1 "need the AWS CLI: pip install awscli"
fi

if ((TOTAL_FAILED > 0)); then
	section "pcs log (last 40 lines)"
	tail -n 40 "$WORK/pcs.log" || true
	section "pcs -realism strict log (last 20 lines)"
	tail -n 20 "$WORK/strict.log" 2>/dev/null || true
	if [[ -s "$WORK/replicas.log" ]]; then
		section "the two replicas' log (last 40 lines)"
		tail -n 40 "$WORK/replicas.log" || true
	fi
fi

finish
