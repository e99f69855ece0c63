"""Start pcs for a Python test suite: the binary on a free port, ready when you get it.

    from pcs_harness import PCS

    with PCS() as pcs:                       # pcs serve -in-memory on a free loopback port
        pc = pcs.client(account="111111111111", catalog="AWS")   # boto3, pointed at pcs
        oid = pc.create_opportunity(...)["Id"]
        pc.submit_opportunity(Identifier=oid, InvolvementType="Co-Sell")
        pcs.advance("10m")                   # AWS reviews what was submitted
        pcs.reset()                          # the next test starts from nothing

The standard library is all this module needs; boto3 only for PCS.client, imported when it
is called. The pcs binary is the `bin` argument, else $PCS_BIN, else `pcs` on PATH. For
pytest, pcs_pytest.py has the fixtures; for unittest, PCSTestCase below. docs/ci.md shows
both and the CI recipe.
"""

import atexit
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

__all__ = ["PCS", "PCSError", "PCSAdminError", "PCSTestCase", "start_module_server", "DEFAULT_ACCOUNT", "find_binary"]

# The account of a client or an admin call that names none: pcs takes the caller's account
# from a 12-digit access key id.
DEFAULT_ACCOUNT = "111111111111"

# Operations whose input has no Catalog member: a client's default catalog leaves them alone.
_NO_CATALOG = {"ListTagsForResource", "TagResource", "UntagResource"}


class PCSError(Exception):
    """pcs could not be found, started or reached."""


class PCSAdminError(PCSError):
    """An admin endpoint answered an error: .status is the HTTP status, .message pcs's reason,
    .answer the whole decoded answer (a refused seed's lists what it loaded before)."""

    def __init__(self, method, path, status, message, answer=None):
        super().__init__(f"{method} {path}: HTTP {status}: {message}")
        self.status = status
        self.message = message
        self.answer = answer


def find_binary(bin=None):
    """The pcs binary to run: bin, else $PCS_BIN, else `pcs` on PATH."""
    candidate = bin or os.environ.get("PCS_BIN") or shutil.which("pcs")
    if not candidate:
        raise PCSError("no pcs binary: pass bin=, set PCS_BIN, or put pcs on PATH "
                       "(go build -o bin/pcs ./cmd/pcs in the pcs repository builds one)")
    path = shutil.which(candidate) if os.sep not in candidate else candidate
    if not path or not os.access(path, os.X_OK):
        raise PCSError(f"pcs binary {candidate!r} is not an executable file")
    return os.path.abspath(path)


def go_duration(by):
    """A pcs clock duration from "15d"-style text, a datetime.timedelta, or seconds."""
    if isinstance(by, str):
        return by
    if isinstance(by, (int, float)):
        by = datetime.timedelta(seconds=by)
    if isinstance(by, datetime.timedelta):
        return f"{by // datetime.timedelta(microseconds=1)}us"
    raise TypeError(f"a duration is text such as '15d', a timedelta or seconds, not {type(by).__name__}")


class PCS:
    """A pcs binary serving on a free loopback port, over a throwaway in-memory store.

    PCS(bin=None, args=(), env=None, admin_token=None, seed=None, start_timeout=30, stop_timeout=10)
    runs `pcs serve -in-memory -addr 127.0.0.1:0 -addr-file <tmp> *args`, waits for the URL
    pcs writes to the address file and for GET /_pcs/health, and returns. `args` are more
    `pcs serve` flags (["-review-outcome", "manual"]). pcs's own PCS_* variables are not
    passed on, so the developer's shell cannot change what tests see; `env` adds variables.
    With `admin_token` pcs requires it and the admin helpers send it. With `seed`, the path of
    a fixture (docs/fixtures.md), pcs loads it before it serves (`-seed`); a reset deletes what
    it loaded, so tests that reset call seed() after.

    Use it as a context manager, or call stop(); a PCS left running is stopped when Python
    exits. What pcs logged is in log(), after it stopped too.
    """

    def __init__(self, bin=None, args=(), env=None, admin_token=None, seed=None, start_timeout=30.0,
                 stop_timeout=10.0):
        self.bin = find_binary(bin)
        self.admin_token = admin_token
        self.stop_timeout = stop_timeout
        self._dir = tempfile.mkdtemp(prefix="pcs-harness-")
        self._addr_file = os.path.join(self._dir, "addr")
        self._log_path = os.path.join(self._dir, "pcs.log")
        self._final_log = None
        self.url = None
        cmd = [self.bin, "serve", "-in-memory", "-addr", "127.0.0.1:0", "-addr-file", self._addr_file]
        if admin_token:
            cmd += ["-admin-token", admin_token]
        if seed is not None:
            cmd += ["-seed", os.path.abspath(seed)]
        cmd += [str(a) for a in args]
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("PCS_")}
        child_env.update(env or {})
        self._log = open(self._log_path, "wb")
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log,
                                         stderr=subprocess.STDOUT, env=child_env)
        except OSError as e:
            self._cleanup()
            raise PCSError(f"cannot run {self.bin}: {e}") from e
        atexit.register(self.stop)
        try:
            self._wait_ready(start_timeout)
        except BaseException:
            self.stop()
            raise

    # --- the process -----------------------------------------------------------------------

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while self.url is None:
            if self.proc.poll() is not None:
                raise PCSError(f"pcs exited with status {self.proc.returncode} before listening; "
                               f"it logged:\n{self._read_log()}")
            try:
                with open(self._addr_file) as f:
                    self.url = f.read().strip() or None  # pcs writes it whole: empty means not yet
            except FileNotFoundError:
                pass
            if self.url is None:
                if time.monotonic() > deadline:
                    raise PCSError(f"pcs wrote no address within {timeout}s; it logged:\n{self._read_log()}")
                time.sleep(0.02)
        while True:
            try:
                if self.health().get("status") == "ok":
                    return
            except (OSError, ValueError, PCSError):
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise PCSError(f"pcs at {self.url} never answered /_pcs/health; it logged:\n{self._read_log()}")
            time.sleep(0.05)

    def stop(self):
        """Stop pcs: SIGTERM, then SIGKILL when it has not exited after stop_timeout seconds.
        Returns its exit status; calling it again does nothing more."""
        atexit.unregister(self.stop)
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._cleanup()
        return self.proc.returncode

    def _cleanup(self):
        if not self._log.closed:
            self._log.close()
        if self._final_log is None:
            self._final_log = self._read_log()
        shutil.rmtree(self._dir, ignore_errors=True)

    def _read_log(self):
        if self._final_log is not None:
            return self._final_log
        try:
            with open(self._log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def log(self):
        """What pcs printed on stdout and stderr so far (all of it once stopped)."""
        return self._read_log()

    @property
    def running(self):
        return self.proc.poll() is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def __repr__(self):
        return f"PCS(url={self.url!r}, pid={self.proc.pid}, running={self.running})"

    # --- clients -----------------------------------------------------------------------------

    def client(self, account=DEFAULT_ACCOUNT, catalog=None, **client_kwargs):
        """A boto3 partnercentral-selling client of `account`, pointed at pcs, with dummy
        credentials (the access key id is the account). With `catalog`, every call that
        names no Catalog gets that one. client_kwargs go to boto3's client(), e.g. config=."""
        import boto3  # only here: the rest of the harness needs no third-party package

        session = boto3.session.Session(aws_access_key_id=account, aws_secret_access_key="pcs-harness",
                                        region_name="us-east-1")
        pc = session.client("partnercentral-selling", endpoint_url=self.url, **client_kwargs)
        if catalog is not None:
            def default_catalog(params, model, **_):
                if model.name not in _NO_CATALOG:
                    params.setdefault("Catalog", catalog)

            pc.meta.events.register("provide-client-params.partnercentral-selling", default_catalog)
        return pc

    def admin(self, method, path, body=None, timeout=60.0):
        """Call an admin endpoint (docs/admin-api.md) and return its decoded JSON answer."""
        return self._send(method, path, json.dumps(body).encode() if body is not None else None, timeout)

    def _send(self, method, path, data, timeout):
        headers = {"Content-Type": "application/json"}
        if self.admin_token:
            headers["Authorization"] = f"Bearer {self.admin_token}"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                answer = json.loads(raw)
                message = answer.get("error", "")
            except (ValueError, AttributeError):
                answer, message = None, raw.decode("utf-8", "replace")
            raise PCSAdminError(method, path, e.code, message, answer) from None
        except urllib.error.URLError as e:
            raise PCSError(f"{method} {path}: pcs at {self.url} unreachable: {e.reason}") from None
        return json.loads(raw) if raw else None

    @staticmethod
    def _query(path, **params):
        given = {k: v for k, v in params.items() if v is not None}
        return f"{path}?{urllib.parse.urlencode(given)}" if given else path

    # --- the admin side ----------------------------------------------------------------------

    def health(self):
        """GET /_pcs/health: {"status": "ok", "version": ...}."""
        return self.admin("GET", "/_pcs/health", timeout=5)

    def reset(self, account=None, catalog=None, clock=False):
        """Delete what tests made: everything, or one account (and catalog). clock=True also
        puts the pcs clock back on the wall clock, for a reset of everything only (the clock is
        one for every account). Returns what went (POST /_pcs/reset's answer)."""
        body = {}
        if account is not None:
            body["Account"] = account
        if catalog is not None:
            body["Catalog"] = catalog
        if clock:
            body["Clock"] = True
        return self.admin("POST", "/_pcs/reset", body)

    def seed(self, fixture, timeout=300.0):
        """Load a fixture (docs/fixtures.md) into pcs, as POST /_pcs/seed does: a path, the JSON
        text (str or bytes), or the document as a dict. Returns the answer, {"Loaded": [...]}:
        what each entry made, in order. A refusal raises PCSAdminError, its .answer listing
        what was loaded before the entry refused, which stays."""
        if isinstance(fixture, dict):
            data = json.dumps(fixture).encode()
        elif isinstance(fixture, (bytes, bytearray)):
            data = bytes(fixture)
        elif isinstance(fixture, str) and fixture.lstrip().startswith("{"):
            data = fixture.encode()
        elif isinstance(fixture, (str, os.PathLike)):
            with open(fixture, "rb") as f:
                data = f.read()
        else:
            raise TypeError(f"a fixture is a path, JSON text or a dict, not {type(fixture).__name__}")
        return self._send("POST", "/_pcs/seed", data, timeout)

    def clock(self):
        """The pcs clock: {"Now": RFC 3339, "AheadOfWallClock": "2m0s"}."""
        return self.admin("GET", "/_pcs/clock")

    def now(self):
        """The pcs clock's time, as an aware datetime (to the microsecond)."""
        text = self.clock()["Now"]
        head, _, frac = text.rstrip("Z").partition(".")
        return datetime.datetime.fromisoformat(f"{head}.{(frac + '000000')[:6]}+00:00")

    def advance(self, by):
        """Move the pcs clock forward ("90s", "15d", a timedelta or seconds) and run the AWS-side
        jobs that fell due (reviews, referrals, expiries). Returns the clock."""
        return self.admin("POST", "/_pcs/clock/advance", {"By": go_duration(by)})

    def run_jobs(self):
        """Run the AWS-side jobs due now; returns how many ran."""
        return self.admin("POST", "/_pcs/sim/run", {})["Ran"]

    def jobs(self, state=None, limit=None):
        """The AWS-side jobs, newest first; state is pending, done or failed."""
        return self.admin("GET", self._query("/_pcs/sim/jobs", state=state, limit=limit))["Jobs"]

    def review(self, identifier, outcome, account=DEFAULT_ACCOUNT, catalog="AWS", comments=None, reason=None):
        """Decide AWS's review of a Submitted or In review opportunity: outcome is Approved,
        Action Required or Rejected, with ReviewComments and ReviewStatusReason if given."""
        body = {"Account": account, "Catalog": catalog, "Identifier": identifier, "Outcome": outcome}
        if comments is not None:
            body["ReviewComments"] = comments
        if reason is not None:
            body["ReviewStatusReason"] = reason
        return self.admin("POST", "/_pcs/sim/review", body)

    def send_referral(self, spec=None, account=DEFAULT_ACCOUNT, catalog="AWS"):
        """Have AWS refer an opportunity to a partner. spec is the body of POST
        /_pcs/sim/referral ({"Payload": <OpportunityInvitation payload>, "Message": ...}; a sample
        referral without Payload); its Account and Catalog default to account and catalog.
        Returns the invitation, as GetEngagementInvitation answers it."""
        return self.admin("POST", "/_pcs/sim/referral", {"Account": account, "Catalog": catalog, **(spec or {})})

    def send_lead(self, spec=None, account=DEFAULT_ACCOUNT, catalog="AWS"):
        """Have AWS offer a partner a lead. spec is the body of POST /_pcs/sim/lead
        ({"Lead": <LeadContext>, "Message": ...}; a sample lead without Lead); Account and
        Catalog default as in send_referral. Returns the LeadInvitation."""
        return self.admin("POST", "/_pcs/sim/lead", {"Account": account, "Catalog": catalog, **(spec or {})})

    def expire(self, identifier, catalog="AWS"):
        """Expire a pending invitation (an id or an ARN) now, as 15 days unanswered would."""
        return self.admin("POST", "/_pcs/sim/expire", {"Catalog": catalog, "Identifier": identifier})

    def put_solution(self, name, account=DEFAULT_ACCOUNT, catalog="AWS", category="Software Product",
                     id=None, status=None, marketplace_arn=None):
        """Register (or replace, by id) a partner solution, as Partner Central would; returns it
        as ListSolutions shows it, with its Id."""
        body = {"Account": account, "Catalog": catalog, "Name": name, "Category": category}
        if id is not None:
            body["Id"] = id
        if status is not None:
            body["Status"] = status
        if marketplace_arn is not None:
            body["AwsMarketplaceSolutionArn"] = marketplace_arn
        return self.admin("POST", "/_pcs/solutions", body)

    def events(self, account=None, after=0, wait=None, limit=None):
        """The events after cursor `after` (of one account, or all): {"Events": [...], "Next": n}."""
        return self.admin("GET", self._query("/_pcs/events", account=account, after=after,
                                             wait=go_duration(wait) if wait is not None else None, limit=limit))

    def requests(self, **filters):
        """The API requests pcs answered, newest first (GET /_pcs/requests; filters such as
        operation="CreateOpportunity", account=..., status="error")."""
        return self.admin("GET", self._query("/_pcs/requests", **filters))["Requests"]


class PCSTestCase(unittest.TestCase):
    """A unittest base class: each test starts from an empty pcs, its clock on the wall clock.

        class CRMSyncTest(PCSTestCase):
            pcs_args = ["-review-outcome", "manual"]      # optional serve flags

            def test_push(self):
                pc = self.pcs.client(account="111111111111", catalog="AWS")

    The class starts one pcs (pcs_args, pcs_options for PCS's other arguments) and stops it
    after its tests, unless `pcs` is already set: a module shares one server among its
    classes by setting it in setUpModule, with start_module_server().
    """

    pcs = None
    pcs_args = ()
    pcs_options = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.pcs is None:
            cls.pcs = PCS(args=cls.pcs_args, **cls.pcs_options)
            cls.addClassCleanup(cls._stop_class_server)

    @classmethod
    def _stop_class_server(cls):
        cls.pcs.stop()
        cls.pcs = None

    def setUp(self):
        super().setUp()
        self.pcs.reset(clock=True)


def start_module_server(*test_case_classes, args=(), **options):
    """For setUpModule: start one pcs for the module's tests, stopped once they ran, and give it
    to the PCSTestCase classes named (they then start none of their own)."""
    server = PCS(args=args, **options)
    unittest.addModuleCleanup(server.stop)
    for cls in test_case_classes:
        cls.pcs = server
        unittest.addModuleCleanup(setattr, cls, "pcs", None)
    return server

