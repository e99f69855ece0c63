// A CRM sync's integration tests with node:test and pcs.mjs.
//
//   cd harness/node && npm ci && PCS_BIN=/path/to/pcs node --test examples/
//
// One pcs serves the file's tests; each test resets it first. Two partner accounts push
// deals; AWS's review runs when the test moves the clock. One test starts from a fixture of
// the repository, fixtures/walkthrough.json.

import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";

import { SubmitOpportunityCommand } from "@aws-sdk/client-partnercentral-selling";

import { PCS } from "../pcs.mjs";
import { CRMSync } from "./crm-sync.mjs";

const ACME = "111111111111";
const GLOBEX = "222222222222";

// The repository's sample fixture: Acme's solution and an opportunity in each catalog, ready
// to submit, whose CRM deal ids are CRM-0001 (AWS) and CRM-0002 (Sandbox).
const WALKTHROUGH = new URL("../../../fixtures/walkthrough.json", import.meta.url);

const NORTHWIND = {
  id: "deal-4711",
  company: "Northwind Traders",
  website: "https://northwind.example.com",
  country: "DE",
  postalCode: "20457",
  monthlySpend: "2500",
};
const CONTOSO = {
  id: "deal-0815",
  company: "Contoso",
  website: "https://contoso.example.com",
  country: "FR",
  postalCode: "75001",
  monthlySpend: "900",
};

describe("CRM sync", () => {
  let pcs, acme, globex;

  async function syncOf(account) {
    const solution = await pcs.putSolution("Analytics Suite", { account });
    return new CRMSync(pcs.client({ account }), solution.Id);
  }

  before(async () => {
    pcs = await PCS.start();
  });
  after(() => pcs.stop());

  beforeEach(async () => {
    await pcs.reset({ clock: true });
    acme = await syncOf(ACME);
    globex = await syncOf(GLOBEX);
    // What the reset promises: nothing from an earlier test, and no time moved.
    assert.deepEqual(await acme.pushed(), []);
    assert.deepEqual(await globex.pushed(), []);
    assert.equal((await pcs.clock()).AheadOfWallClock, "0s");
  });

  test("AWS approves a pushed deal", async () => {
    const id = await acme.push(NORTHWIND);
    assert.deepEqual(await acme.review(id), { status: "Submitted", comments: undefined });
    await pcs.advance("2m"); // a minute in AWS's queue
    assert.equal((await acme.review(id)).status, "In review");
    await pcs.advance("10m"); // five minutes of review
    assert.equal((await acme.review(id)).status, "Approved");
  });

  test("Action Required reaches the CRM", async () => {
    const id = await acme.push(NORTHWIND);
    await pcs.advance("2m");
    await pcs.review(id, "Action Required", { account: ACME, comments: "The customer website does not resolve" });
    assert.deepEqual(await acme.review(id), {
      status: "Action Required",
      comments: "The customer website does not resolve",
    });
  });

  test("a push retried is one opportunity", async () => {
    const first = await acme.push(NORTHWIND);
    assert.equal(await acme.push(NORTHWIND), first);
    assert.deepEqual(await acme.pushed(), [NORTHWIND.id]);
  });

  test("each partner sees its own deals", async () => {
    await acme.push(NORTHWIND);
    await globex.push(CONTOSO);
    assert.deepEqual(await acme.pushed(), [NORTHWIND.id]);
    assert.deepEqual(await globex.pushed(), [CONTOSO.id]);
  });

  test("a deal from the fixture is approved", async () => {
    const { Loaded: loaded } = await pcs.seed(WALKTHROUGH);
    // O5000001 on a fresh pcs; after resets, later ids: a reset hands none out again.
    const id = loaded.find((e) => e.Kind === "opportunity" && e.Catalog === "AWS").Id;
    assert.deepEqual(await acme.pushed(), ["CRM-0001"]);
    await acme.pc.send(new SubmitOpportunityCommand({ Catalog: "AWS", Identifier: id, InvolvementType: "Co-Sell", Visibility: "Full" }));
    await pcs.advance("2m");
    assert.equal((await acme.review(id)).status, "In review");
    await pcs.advance("10m"); // pcs's default review: Approved after five minutes
    assert.deepEqual(await acme.review(id), { status: "Approved", comments: undefined });
  });

  test("a reset of one account leaves the other", async () => {
    await acme.push(NORTHWIND);
    const id = await globex.push(CONTOSO);
    await pcs.reset({ account: ACME });
    assert.deepEqual(await acme.pushed(), []);
    await pcs.advance("15m"); // Globex's review goes on
    assert.equal((await globex.review(id)).status, "Approved");
  });
});
