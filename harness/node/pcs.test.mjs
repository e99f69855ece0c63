// Tests of pcs.mjs against the real pcs binary ($PCS_BIN, else pcs on PATH).
//
//   cd harness/node && npm ci && PCS_BIN=/path/to/pcs node --test pcs.test.mjs

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { ListOpportunitiesCommand, CreateOpportunityCommand, SubmitOpportunityCommand, GetOpportunityCommand,
  GetEngagementInvitationCommand, ListEngagementInvitationsCommand, ListSolutionsCommand, TagResourceCommand,
  ListTagsForResourceCommand } from "@aws-sdk/client-partnercentral-selling";

import { PCS, PCSAdminError, PCSError, findBinary, goDuration } from "./pcs.mjs";

const A = "111111111111";
const B = "222222222222";

// A sample fixture of the repository: an opportunity of A in each catalog, ready to submit.
const WALKTHROUGH = new URL("../../fixtures/walkthrough.json", import.meta.url);

function opportunity(catalog) {
  const close = new Date(Date.now() + 90 * 86400_000).toISOString().slice(0, 10);
  const body = {
    PrimaryNeedsFromAws: ["Co-Sell - Technical Consultation"],
    Customer: { Account: { CompanyName: "AnyCompany", Industry: "Retail", WebsiteUrl: "https://anycompany.example.com",
      Address: { CountryCode: "DE", PostalCode: "20457" } } },
    LifeCycle: { TargetCloseDate: close },
    Project: { Title: "Harness", CustomerBusinessProblem: "Capacity runs out next year.", DeliveryModels: ["SaaS or PaaS"],
      SalesActivities: ["Initialized discussions with customer"], OtherSolutionDescription: "Analytics",
      ExpectedCustomerSpend: [{ Amount: "100", CurrencyCode: "USD", Frequency: "Monthly", TargetCompany: "AWS" }] },
  };
  return catalog ? { Catalog: catalog, ...body } : body;
}

async function submitted(pcs, account = A, catalog = "AWS") {
  const pc = pcs.client({ account, catalog });
  const { Id: id } = await pc.send(new CreateOpportunityCommand(opportunity()));
  await pc.send(new SubmitOpportunityCommand({ Identifier: id, InvolvementType: "Co-Sell" }));
  return { pc, id };
}

async function status(pc, id) {
  return (await pc.send(new GetOpportunityCommand({ Identifier: id }))).LifeCycle.ReviewStatus;
}

// The -addr-file pcs was started with, read from its command line (Linux).
function addrFileOf(pcs) {
  const argv = readFileSync(`/proc/${pcs.pid}/cmdline`, "utf8").split("\0");
  return argv[argv.indexOf("-addr-file") + 1];
}

describe("the binary", () => {
  test("bin, then PCS_BIN, then pcs on PATH", (t) => {
    const real = findBinary();
    const dir = mkdtempSync(join(tmpdir(), "pcs-harness-test-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    symlinkSync(real, join(dir, "pcs"));
    const saved = { PATH: process.env.PATH, PCS_BIN: process.env.PCS_BIN };
    t.after(() => Object.assign(process.env, saved));
    process.env.PCS_BIN = real;
    assert.equal(findBinary(), real);
    delete process.env.PCS_BIN;
    process.env.PATH = dir;
    assert.equal(findBinary(), join(dir, "pcs"));
    assert.equal(findBinary(real), real);
    process.env.PATH = "";
    assert.throws(() => findBinary(), (err) => err instanceof PCSError && /PCS_BIN/.test(err.message));
    assert.throws(() => findBinary("/nonexistent/pcs"), /not an executable/);
  });
});

describe("the process", () => {
  test("starts on a free port and stops on SIGTERM", async () => {
    const pcs = await PCS.start();
    assert.match(pcs.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(pcs.running, true);
    assert.equal((await pcs.health()).status, "ok");
    const addrFile = addrFileOf(pcs);
    assert.equal(readFileSync(addrFile, "utf8").trim(), pcs.url);
    assert.equal(await pcs.stop(), 0);
    assert.equal(pcs.running, false);
    assert.equal(existsSync(dirname(addrFile)), false, "the harness's temporary directory stays");
    assert.match(pcs.log(), new RegExp(`listening on ${pcs.url}`));
    assert.equal(await pcs.stop(), 0); // again: nothing more
    await assert.rejects(fetch(pcs.url + "/_pcs/health"));
  });

  test("a pcs that cannot start says why", async () => {
    await assert.rejects(PCS.start({ args: ["-review-outcome", "sometimes"] }), (err) => {
      assert.ok(err instanceof PCSError);
      assert.match(err.message, /exited with status/);
      assert.match(err.message, /sometimes/); // pcs's own complaint
      return true;
    });
  });

  test("killed when it ignores SIGTERM", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "pcs-harness-test-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const fake = join(dir, "pcs");
    writeFileSync(fake, `#!${process.execPath}
// Stands in for pcs: serves /_pcs/health, writes -addr-file, and ignores SIGTERM.
const http = require("node:http"), fs = require("node:fs");
process.on("SIGTERM", () => {});
const srv = http.createServer((req, res) => res.end(JSON.stringify({ status: "ok" })));
srv.listen(0, "127.0.0.1", () => {
  fs.writeFileSync(process.argv[process.argv.indexOf("-addr-file") + 1], "http://127.0.0.1:" + srv.address().port + "\\n");
  console.log("fake pcs up");
});
`);
    chmodSync(fake, 0o755);
    const pcs = await PCS.start({ bin: fake, stopTimeout: 500 });
    assert.deepEqual(await pcs.health(), { status: "ok" });
    assert.equal(await pcs.stop(), "SIGKILL");
    assert.match(pcs.log(), /fake pcs up/);
  });

  test("serve flags and the environment", async () => {
    // The developer's PCS_* settings stay out; env and args go in.
    process.env.PCS_REVIEW_OUTCOME = "Rejected";
    let pcs;
    try {
      pcs = await PCS.start();
    } finally {
      delete process.env.PCS_REVIEW_OUTCOME;
    }
    let { pc, id } = await submitted(pcs);
    await pcs.advance("10m");
    assert.equal(await status(pc, id), "Approved");
    await pcs.stop();

    pcs = await PCS.start({ env: { PCS_REVIEW_OUTCOME: "Rejected" } });
    ({ pc, id } = await submitted(pcs));
    await pcs.advance("10m");
    assert.equal(await status(pc, id), "Rejected");
    await pcs.stop();

    pcs = await PCS.start({ args: ["-review-outcome", "manual"] });
    ({ pc, id } = await submitted(pcs));
    await pcs.advance("1h");
    assert.equal(await status(pc, id), "In review");
    assert.equal((await pcs.review(id, "Approved")).ReviewStatus, "Approved");
    await pcs.stop();
  });

  test("a fixture loaded at start", async () => {
    const pcs = await PCS.start({ seed: WALKTHROUGH });
    try {
      const pc = pcs.client({ account: A, catalog: "AWS" });
      const list = await pc.send(new ListOpportunitiesCommand({}));
      assert.deepEqual(list.OpportunitySummaries.map((o) => o.Id), ["O5000001"]);
    } finally {
      await pcs.stop();
    }
  });

  test("the admin token", async () => {
    const pcs = await PCS.start({ adminToken: "s3cret" });
    try {
      assert.equal((await pcs.reset()).Deleted.Opportunities, 0);
      const resp = await fetch(pcs.url + "/_pcs/reset", { method: "POST", body: "{}" });
      assert.equal(resp.status, 401);
    } finally {
      await pcs.stop();
    }
  });
});

describe("the admin side", () => {
  let pcs;
  before(async () => {
    pcs = await PCS.start();
  });
  after(() => pcs.stop());
  beforeEach(() => pcs.reset({ clock: true }));

  test("reset everything or one account", async () => {
    await submitted(pcs, A);
    const b = await submitted(pcs, B, "Sandbox");
    const got = await pcs.reset({ account: A });
    assert.equal(got.Account, A);
    assert.equal(got.Deleted.Opportunities, 1);
    assert.equal(await status(b.pc, b.id), "Submitted");
    assert.equal((await pcs.reset({ account: B, catalog: "AWS" })).Deleted.Opportunities, 0);
    await pcs.advance("1h");
    assert.equal((await pcs.reset({ clock: true })).Clock.AheadOfWallClock, "0s");
    await assert.rejects(pcs.reset({ account: A, clock: true }), (err) => {
      assert.ok(err instanceof PCSAdminError);
      assert.equal(err.status, 400);
      assert.match(err.reason, /clock/);
      return true;
    });
  });

  for (const n of [1, 2]) {
    test(`reset between tests (${n})`, async () => {
      const pc = pcs.client({ account: A, catalog: "AWS" });
      assert.deepEqual((await pc.send(new ListOpportunitiesCommand({}))).OpportunitySummaries, []);
      assert.equal((await pcs.clock()).AheadOfWallClock, "0s");
      await pc.send(new CreateOpportunityCommand(opportunity()));
      await pcs.advance("1d");
    });
  }

  test("advance takes text or milliseconds", async () => {
    assert.equal((await pcs.advance("90s")).AheadOfWallClock, "1m30s");
    assert.equal((await pcs.advance(86400_000)).AheadOfWallClock, "24h1m30s");
    assert.equal((await pcs.advance(500)).AheadOfWallClock, "24h1m30.5s");
    const ahead = (await pcs.now()) - Date.now();
    assert.ok(Math.abs(ahead - 86490_500) < 5000, `the clock is ${ahead} ms ahead`);
    await assert.rejects(pcs.advance("-1m"), PCSAdminError);
    assert.throws(() => pcs.advance([1]), TypeError);
  });

  test("review and jobs", async () => {
    const { pc, id } = await submitted(pcs);
    assert.deepEqual((await pcs.jobs({ state: "pending" })).map((j) => j.State), ["pending"]);
    await pcs.advance("90s");
    assert.equal(await status(pc, id), "In review");
    const got = await pcs.review(id, "Action Required", { comments: "Fix the website" });
    assert.deepEqual(got, { Identifier: id, ReviewStatus: "Action Required" });
    assert.equal((await pc.send(new GetOpportunityCommand({ Identifier: id }))).LifeCycle.ReviewComments, "Fix the website");
    assert.equal(await pcs.runJobs(), 0);
    await assert.rejects(pcs.review("O999", "Approved"), (err) => err instanceof PCSAdminError && /O999/.test(err.reason));
  });

  test("referral, lead and expiry", async () => {
    const pc = pcs.client({ account: A, catalog: "Sandbox" });
    const referral = await pcs.sendReferral({ Message: "A referral from AWS" }, { account: A, catalog: "Sandbox" });
    assert.equal(referral.Status, "PENDING");
    const lead = await pcs.sendLead({}, { catalog: "Sandbox" });
    const received = await pc.send(new ListEngagementInvitationsCommand({ ParticipantType: "RECEIVER" }));
    assert.deepEqual(new Set(received.EngagementInvitationSummaries.map((i) => i.Id)), new Set([referral.Id, lead.Id]));
    assert.equal((await pcs.expire(referral.Id, { catalog: "Sandbox" })).Status, "EXPIRED");
    assert.equal((await pc.send(new GetEngagementInvitationCommand({ Identifier: referral.Id }))).Status, "EXPIRED");
    await assert.rejects(pcs.expire("engi-0000000000000", { catalog: "Sandbox" }), (err) => err.status === 404);
  });

  test("seed a path, text or an object", async () => {
    const kinds = (answer) => answer.Loaded.map((e) => `${e.Kind} ${e.Catalog}`);
    const want = ["solution AWS", "opportunity AWS", "opportunity Sandbox", "referral Sandbox"];
    const text = readFileSync(WALKTHROUGH, "utf8");
    let loaded;
    for (const fixture of [WALKTHROUGH, fileURLToPath(WALKTHROUGH), text, Buffer.from(text), JSON.parse(text)]) {
      await pcs.reset();
      loaded = await pcs.seed(fixture);
      assert.deepEqual(kinds(loaded), want);
    }
    // A reset hands no id out again: the opportunity's id is the answer's.
    const id = loaded.Loaded[1].Id;
    const pc = pcs.client({ account: A, catalog: "AWS" });
    await pc.send(new SubmitOpportunityCommand({ Identifier: id, InvolvementType: "Co-Sell", Visibility: "Full" }));
    await pcs.advance("10m");
    assert.equal(await status(pc, id), "Approved");
    await assert.rejects(pcs.seed(42), TypeError);
  });

  test("a seed refused", async () => {
    // No solution associated nor described: the submit is refused, what came before stays.
    const unsubmittable = opportunity("AWS");
    delete unsubmittable.Project.OtherSolutionDescription;
    const fixture = { accounts: { [A]: { solutions: [{ Catalog: "AWS", Name: "X", Category: "Software Product" }],
      opportunities: [{ ...unsubmittable, submit: { InvolvementType: "Co-Sell" } }] } } };
    await assert.rejects(pcs.seed(fixture), (err) => {
      assert.ok(err instanceof PCSAdminError);
      assert.equal(err.status, 400);
      assert.match(err.reason, /accounts\.111111111111\.opportunities\[0\]\.submit/);
      assert.deepEqual(err.answer.Loaded.map((e) => e.Kind), ["solution"]);
      return true;
    });
    await assert.rejects(pcs.seed('{"versio": 1}'), (err) => err.status === 400);
  });

  test("putSolution", async () => {
    const got = await pcs.putSolution("Telemetry Platform", { account: B, id: "S-7000001", status: "Inactive" });
    assert.deepEqual([got.Id, got.Status, got.Category], ["S-7000001", "Inactive", "Software Product"]);
    const listed = await pcs.client({ account: B }).send(new ListSolutionsCommand({ Catalog: "AWS" }));
    assert.deepEqual(listed.SolutionSummaries.map((s) => s.Id), ["S-7000001"]);
  });

  test("a client's default catalog", async () => {
    const sandbox = pcs.client({ account: A, catalog: "Sandbox" });
    const { Id: id } = await sandbox.send(new CreateOpportunityCommand(opportunity()));
    const got = await sandbox.send(new GetOpportunityCommand({ Identifier: id }));
    assert.equal(got.Catalog, "Sandbox");
    // A command that names its catalog keeps it; tag commands have none to give.
    assert.deepEqual((await sandbox.send(new ListOpportunitiesCommand({ Catalog: "AWS" }))).OpportunitySummaries, []);
    await sandbox.send(new TagResourceCommand({ ResourceArn: got.Arn, Tags: [{ Key: "team", Value: "crm" }] }));
    assert.deepEqual((await sandbox.send(new ListTagsForResourceCommand({ ResourceArn: got.Arn }))).Tags, [{ Key: "team", Value: "crm" }]);
    await assert.rejects(pcs.client({ account: A }).send(new ListOpportunitiesCommand({})));
  });

  test("events and requests", async () => {
    await submitted(pcs, A, "Sandbox");
    const events = await pcs.events({ account: A, wait: "1s" });
    assert.ok(events.Events.length > 0, "no event of a created opportunity");
    assert.deepEqual((await pcs.events({ account: A, after: events.Next })).Events, []);
    // The recorder is not state a reset deletes: the newest record is this test's.
    const [made] = await pcs.requests({ operation: "CreateOpportunity", account: A, limit: 1 });
    assert.deepEqual([made.Status, made.Request.Catalog], [200, "Sandbox"]);
  });
});

test("goDuration", () => {
  assert.equal(goDuration("15d"), "15d");
  assert.equal(goDuration(120_000), "120000000us");
  assert.equal(goDuration(0.25), "250us");
});
