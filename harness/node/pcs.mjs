// Start pcs for a Node test suite (node:test, jest): the binary on a free port, ready when
// the promise resolves.
//
//   import { PCS } from "./pcs.mjs";
//
//   const pcs = await PCS.start();            // pcs serve -in-memory on a free loopback port
//   const pc = pcs.client({ account: "111111111111", catalog: "AWS" });  // the JS SDK v3 client
//   await pcs.advance("10m");                 // AWS reviews what was submitted
//   await pcs.reset();                        // the next test starts from nothing
//   await pcs.stop();
//
// Node's standard library is all this file needs; the JS SDK
// (@aws-sdk/client-partnercentral-selling) only for client(), imported by start() when it
// is installed. The pcs binary is the `bin` option, else $PCS_BIN, else `pcs` on PATH.
// docs/ci.md shows it at work and the CI recipe.

import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, isAbsolute, join, resolve, sep } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

// The account of a client or an admin call that names none: pcs takes the caller's account
// from a 12-digit access key id.
export const DEFAULT_ACCOUNT = "111111111111";

const SDK = "@aws-sdk/client-partnercentral-selling";
// Commands whose input has no Catalog member: a client's default catalog leaves them alone.
const NO_CATALOG = new Set(["ListTagsForResourceCommand", "TagResourceCommand", "UntagResourceCommand"]);

// pcs could not be found, started or reached.
export class PCSError extends Error {
  constructor(message) {
    super(message);
    this.name = "PCSError";
  }
}

// An admin endpoint answered an error: .status is the HTTP status, .reason pcs's reason,
// .answer the whole decoded answer (a refused seed's lists what it loaded before).
export class PCSAdminError extends PCSError {
  constructor(method, path, status, reason, answer) {
    super(`${method} ${path}: HTTP ${status}: ${reason}`);
    this.name = "PCSAdminError";
    this.status = status;
    this.reason = reason;
    this.answer = answer;
  }
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// The pcs binary to run: bin, else $PCS_BIN, else `pcs` on PATH.
export function findBinary(bin) {
  const candidate = bin || process.env.PCS_BIN || "pcs";
  if (isAbsolute(candidate) || candidate.includes(sep)) {
    if (executable(candidate)) return resolve(candidate);
    throw new PCSError(`pcs binary ${JSON.stringify(candidate)} is not an executable file`);
  }
  for (const dir of (process.env.PATH || "").split(delimiter)) {
    if (dir && executable(join(dir, candidate))) return resolve(dir, candidate);
  }
  if (bin || process.env.PCS_BIN) throw new PCSError(`pcs binary ${JSON.stringify(candidate)} is not on PATH`);
  throw new PCSError(
    "no pcs binary: pass { bin }, set PCS_BIN, or put pcs on PATH " +
      "(go build -o bin/pcs ./cmd/pcs in the pcs repository builds one)",
  );
}

// A pcs clock duration: "90s", "15d" as they are; a number is milliseconds.
export function goDuration(by) {
  if (typeof by === "string") return by;
  if (typeof by === "number" && Number.isFinite(by)) return `${Math.round(by * 1000)}us`;
  throw new TypeError(`a duration is text such as "15d" or milliseconds, not ${typeof by}`);
}

function query(path, params) {
  const given = Object.entries(params).filter(([, v]) => v !== undefined && v !== null);
  return given.length ? `${path}?${new URLSearchParams(given.map(([k, v]) => [k, String(v)]))}` : path;
}

// Servers still running when Node exits are killed then (a test that forgot stop()).
const running = new Set();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export class PCS {
  // PCS.start({ bin, args, env, adminToken, seed, startTimeout, stopTimeout }) runs
  // `pcs serve -in-memory -addr 127.0.0.1:0 -addr-file <tmp> ...args`, waits for the URL pcs
  // writes to the address file and for GET /_pcs/health, and resolves to the running PCS.
  // `args` are more `pcs serve` flags (["-review-outcome", "manual"]). pcs's own PCS_*
  // variables are not passed on, so the developer's shell cannot change what tests see; `env`
  // adds variables. With `adminToken` pcs requires it and the admin helpers send it. With
  // `seed`, the path of a fixture (docs/fixtures.md), pcs loads it before it serves (-seed); a
  // reset deletes what it loaded, so tests that reset call seed() after. Timeouts are in
  // milliseconds (30 s to start, 10 s from SIGTERM to SIGKILL).
  static async start({ bin, args = [], env = {}, adminToken, seed, startTimeout = 30_000, stopTimeout = 10_000 } = {}) {
    const pcs = new PCS(findBinary(bin), adminToken, stopTimeout);
    pcs.#spawn([...(seed === undefined ? [] : ["-seed", seed instanceof URL ? fileURLToPath(seed) : resolve(seed)]), ...args.map(String)], env);
    try {
      await pcs.#waitReady(startTimeout);
      pcs.#sdk = await import(SDK).catch((err) => err);
    } catch (err) {
      await pcs.stop();
      throw err;
    }
    return pcs;
  }

  #child;
  #dir;
  #addrFile;
  #logPath;
  #finalLog;
  #exit; // a promise of { code, signal }
  #exited = null;
  #sdk;
  #adminToken;
  #stopTimeout;

  constructor(bin, adminToken, stopTimeout) {
    this.bin = bin;
    this.url = null;
    this.#adminToken = adminToken;
    this.#stopTimeout = stopTimeout;
    this.#dir = mkdtempSync(join(tmpdir(), "pcs-harness-"));
    this.#addrFile = join(this.#dir, "addr");
    this.#logPath = join(this.#dir, "pcs.log");
  }

  #spawn(args, env) {
    const cmd = ["serve", "-in-memory", "-addr", "127.0.0.1:0", "-addr-file", this.#addrFile];
    if (this.#adminToken) cmd.push("-admin-token", this.#adminToken);
    cmd.push(...args);
    const childEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PCS_")));
    const log = openSync(this.#logPath, "w");
    try {
      this.#child = spawn(this.bin, cmd, { stdio: ["ignore", log, log], env: { ...childEnv, ...env } });
    } finally {
      closeSync(log); // the child has its own copy
    }
    this.#exit = new Promise((done) => {
      this.#child.once("exit", (code, signal) => done((this.#exited = { code, signal })));
      this.#child.once("error", (err) => done((this.#exited = { code: null, signal: null, error: err })));
    });
    running.add(this.#child);
    this.#child.unref(); // a forgotten server does not keep the test process alive
  }

  async #waitReady(timeout) {
    const deadline = Date.now() + timeout;
    const failed = (what) => new PCSError(`${what}; it logged:\n${this.log()}`);
    while (this.url === null) {
      if (this.#exited) {
        const { code, signal, error } = this.#exited;
        throw failed(error ? `cannot run ${this.bin}: ${error.message}` : `pcs exited with status ${code ?? signal} before listening`);
      }
      try {
        this.url = readFileSync(this.#addrFile, "utf8").trim() || null; // written whole: empty means not yet
      } catch {}
      if (this.url === null) {
        if (Date.now() > deadline) throw failed(`pcs wrote no address within ${timeout} ms`);
        await sleep(20);
      }
    }
    for (;;) {
      try {
        if ((await this.health()).status === "ok") return;
      } catch {}
      if (this.#exited || Date.now() > deadline) throw failed(`pcs at ${this.url} never answered /_pcs/health`);
      await sleep(50);
    }
  }

  // Stop pcs: SIGTERM, then SIGKILL when it has not exited after stopTimeout. Resolves to its
  // exit status (a number), or the signal that ended it; calling it again does nothing more.
  async stop() {
    this.#child.ref(); // waiting for its exit keeps Node running
    if (!this.#exited) {
      this.#child.kill("SIGTERM");
      let timer;
      const late = new Promise((done) => (timer = setTimeout(done, this.#stopTimeout, "late")));
      if ((await Promise.race([this.#exit, late])) === "late") this.#child.kill("SIGKILL");
      clearTimeout(timer);
    }
    const { code, signal } = await this.#exit;
    running.delete(this.#child);
    if (this.#finalLog === undefined) {
      this.#finalLog = this.log();
      rmSync(this.#dir, { recursive: true, force: true });
    }
    return code ?? signal;
  }

  get running() {
    return !this.#exited;
  }

  get pid() {
    return this.#child.pid;
  }

  // What pcs printed on stdout and stderr so far (all of it once stopped).
  log() {
    if (this.#finalLog !== undefined) return this.#finalLog;
    try {
      return readFileSync(this.#logPath, "utf8");
    } catch {
      return "";
    }
  }

  // --- clients ---------------------------------------------------------------------------

  // A PartnerCentralSellingClient of `account`, pointed at pcs, with dummy credentials (the
  // access key id is the account). With `catalog`, every command whose input names no
  // Catalog gets that one. Other options go to the client's constructor.
  client({ account = DEFAULT_ACCOUNT, catalog, ...config } = {}) {
    if (!this.#sdk || this.#sdk instanceof Error) {
      throw new PCSError(`client() needs the JS SDK: npm install --save-dev ${SDK} (${this.#sdk?.message ?? "not loaded"})`);
    }
    const pc = new this.#sdk.PartnerCentralSellingClient({
      region: "us-east-1",
      endpoint: this.url,
      credentials: { accessKeyId: account, secretAccessKey: "pcs-harness" },
      ...config,
    });
    if (catalog !== undefined) {
      pc.middlewareStack.add(
        (next, context) => (args) => {
          if (!NO_CATALOG.has(context.commandName) && args.input?.Catalog === undefined) {
            args = { ...args, input: { ...args.input, Catalog: catalog } };
          }
          return next(args);
        },
        { step: "initialize", name: "pcsDefaultCatalog" },
      );
    }
    return pc;
  }

  // Call an admin endpoint (docs/admin-api.md) and resolve to its decoded JSON answer.
  admin(method, path, body) {
    return this.#send(method, path, body === undefined ? undefined : JSON.stringify(body), 60_000);
  }

  async #send(method, path, body, timeout) {
    const headers = { "Content-Type": "application/json" };
    if (this.#adminToken) headers.Authorization = `Bearer ${this.#adminToken}`;
    let resp;
    try {
      resp = await fetch(this.url + path, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeout),
      });
    } catch (err) {
      throw new PCSError(`${method} ${path}: pcs at ${this.url} unreachable: ${err.cause?.message ?? err.message}`);
    }
    const text = await resp.text();
    if (!resp.ok) {
      let reason = text;
      let answer;
      try {
        answer = JSON.parse(text);
        reason = answer.error ?? text;
      } catch {}
      throw new PCSAdminError(method, path, resp.status, reason, answer);
    }
    return text ? JSON.parse(text) : null;
  }

  // --- the admin side --------------------------------------------------------------------

  // GET /_pcs/health: { status: "ok", version }.
  health() {
    return this.admin("GET", "/_pcs/health");
  }

  // Delete what tests made: everything, or one account (and catalog). clock: true also puts
  // the pcs clock back on the wall clock, for a reset of everything only (the clock is one
  // for every account). Resolves to what went (POST /_pcs/reset's answer).
  reset({ account, catalog, clock = false } = {}) {
    const body = {};
    if (account !== undefined) body.Account = account;
    if (catalog !== undefined) body.Catalog = catalog;
    if (clock) body.Clock = true;
    return this.admin("POST", "/_pcs/reset", body);
  }

  // Load a fixture (docs/fixtures.md) into pcs, as POST /_pcs/seed does: a path, the JSON
  // text (a string starting with "{", or a Buffer), or the document as an object. Resolves to
  // the answer, { Loaded: [...] }: what each entry made, in order. A refusal rejects with a
  // PCSAdminError whose .answer lists what was loaded before the entry refused, which stays.
  async seed(fixture) {
    let body;
    if (typeof fixture === "string") {
      body = fixture.trimStart().startsWith("{") ? fixture : readFileSync(fixture);
    } else if (fixture instanceof Uint8Array) {
      body = fixture;
    } else if (fixture instanceof URL) {
      body = readFileSync(fixture);
    } else if (fixture !== null && typeof fixture === "object") {
      body = JSON.stringify(fixture);
    } else {
      throw new TypeError(`a fixture is a path, JSON text or an object, not ${typeof fixture}`);
    }
    return this.#send("POST", "/_pcs/seed", body, 300_000);
  }

  // The pcs clock: { Now: RFC 3339, AheadOfWallClock: "2m0s" }.
  clock() {
    return this.admin("GET", "/_pcs/clock");
  }

  // The pcs clock's time, as a Date.
  async now() {
    return new Date((await this.clock()).Now);
  }

  // Move the pcs clock forward ("90s", "15d", or milliseconds) and run the AWS-side jobs
  // that fell due (reviews, referrals, expiries). Resolves to the clock.
  advance(by) {
    return this.admin("POST", "/_pcs/clock/advance", { By: goDuration(by) });
  }

  // Run the AWS-side jobs due now; resolves to how many ran.
  async runJobs() {
    return (await this.admin("POST", "/_pcs/sim/run", {})).Ran;
  }

  // The AWS-side jobs, newest first; state is pending, done or failed.
  async jobs({ state, limit } = {}) {
    return (await this.admin("GET", query("/_pcs/sim/jobs", { state, limit }))).Jobs;
  }

  // Decide AWS's review of a Submitted or In review opportunity: outcome is Approved,
  // Action Required or Rejected, with ReviewComments and ReviewStatusReason if given.
  review(identifier, outcome, { account = DEFAULT_ACCOUNT, catalog = "AWS", comments, reason } = {}) {
    const body = { Account: account, Catalog: catalog, Identifier: identifier, Outcome: outcome };
    if (comments !== undefined) body.ReviewComments = comments;
    if (reason !== undefined) body.ReviewStatusReason = reason;
    return this.admin("POST", "/_pcs/sim/review", body);
  }

  // Have AWS refer an opportunity to a partner. spec is the body of POST /_pcs/sim/referral
  // ({ Payload: <OpportunityInvitation payload>, Message }; a sample referral without
  // Payload); its Account and Catalog default to account and catalog. Resolves to the
  // invitation, as GetEngagementInvitation answers it.
  sendReferral(spec = {}, { account = DEFAULT_ACCOUNT, catalog = "AWS" } = {}) {
    return this.admin("POST", "/_pcs/sim/referral", { Account: account, Catalog: catalog, ...spec });
  }

  // Have AWS offer a partner a lead. spec is the body of POST /_pcs/sim/lead ({ Lead:
  // <LeadContext>, Message }; a sample lead without Lead); Account and Catalog default as in
  // sendReferral. Resolves to the LeadInvitation.
  sendLead(spec = {}, { account = DEFAULT_ACCOUNT, catalog = "AWS" } = {}) {
    return this.admin("POST", "/_pcs/sim/lead", { Account: account, Catalog: catalog, ...spec });
  }

  // Expire a pending invitation (an id or an ARN) now, as 15 days unanswered would.
  expire(identifier, { catalog = "AWS" } = {}) {
    return this.admin("POST", "/_pcs/sim/expire", { Catalog: catalog, Identifier: identifier });
  }

  // Register (or replace, by id) a partner solution, as Partner Central would; resolves to it
  // as ListSolutions shows it, with its Id.
  putSolution(name, { account = DEFAULT_ACCOUNT, catalog = "AWS", category = "Software Product", id, status, marketplaceArn } = {}) {
    const body = { Account: account, Catalog: catalog, Name: name, Category: category };
    if (id !== undefined) body.Id = id;
    if (status !== undefined) body.Status = status;
    if (marketplaceArn !== undefined) body.AwsMarketplaceSolutionArn = marketplaceArn;
    return this.admin("POST", "/_pcs/solutions", body);
  }

  // The events after cursor `after` (of one account, or all): { Events: [...], Next }.
  events({ account, after = 0, wait, limit } = {}) {
    return this.admin("GET", query("/_pcs/events", { account, after, wait: wait === undefined ? undefined : goDuration(wait), limit }));
  }

  // The API requests pcs answered, newest first (GET /_pcs/requests; filters such as
  // { operation: "CreateOpportunity", account, status: "error" }).
  async requests(filters = {}) {
    return (await this.admin("GET", query("/_pcs/requests", filters))).Requests;
  }
}

// `await using pcs = await PCS.start()` stops it at the end of the block, where Node has it.
if (Symbol.asyncDispose) PCS.prototype[Symbol.asyncDispose] = function () {
  return this.stop();
};
