// The AWS SDK for JavaScript v3 against `pcs serve -realism strict` (docs/realism.md).
//
// Talks to the strict pcs at $PCS_ENDPOINT as account $PCS_REALISM_JS_ACCOUNT (default
// 666666666666), and moves that pcs's clock past the read-after-create lag instead of
// sleeping; run.sh starts a pcs of its own for it. Run with `node --test realism.test.mjs`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

import {
  PartnerCentralSellingClient,
  CreateOpportunityCommand,
  GetOpportunityCommand,
  UpdateOpportunityCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-partnercentral-selling";

const ENDPOINT = process.env.PCS_ENDPOINT || "http://127.0.0.1:7426";
const ACCOUNT = process.env.PCS_REALISM_JS_ACCOUNT || "666666666666";
const CATALOG = "Sandbox";
const SPEND_TYPE = "com.amazon.partnerintegrationapi.common#ExpectedCustomerSpend";

const pc = new PartnerCentralSellingClient({
  region: "us-east-1",
  endpoint: ENDPOINT,
  credentials: { accessKeyId: ACCOUNT, secretAccessKey: "conformance-secret" },
});

function opportunityBody() {
  const body = structuredClone(JSON.parse(readFileSync(new URL("../fixtures/opportunity.json", import.meta.url), "utf8")).body);
  body.LifeCycle.TargetCloseDate = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  body.Customer.Account.CompanyName = "Contoso & Partners: EMEA";
  return body;
}

async function advanceClock(by) {
  const res = await fetch(new URL("/_pcs/clock/advance", ENDPOINT), {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ By: by }),
  });
  assert.equal(res.status, 200, await res.text());
}

// GetOpportunity's raw JSON, past the SDK: pcs's default mode takes any well-formed signature.
async function rawGetOpportunity(id) {
  const date = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
  const res = await fetch(ENDPOINT, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.0",
      "X-Amz-Target": "AWSPartnerCentralSelling.GetOpportunity",
      "X-Amz-Date": date,
      Authorization: `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/${date.slice(0, 8)}/us-east-1/partnercentral-selling/aws4_request, ` +
        `SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`,
    },
    body: JSON.stringify({ Catalog: CATALOG, Identifier: id }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text);
}

test("GetOpportunity right after CreateOpportunity is a ResourceNotFoundException until the lag is over", async () => {
  const { Id } = await pc.send(new CreateOpportunityCommand({ Catalog: CATALOG, ClientToken: randomUUID(), ...opportunityBody() }));
  await assert.rejects(pc.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: Id })), (err) => {
    assert.ok(err instanceof ResourceNotFoundException, `${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, 400);
    return true;
  });
  await advanceClock("3s");
  const got = await pc.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: Id }));
  assert.equal(got.Id, Id);
});

// Unlike boto3, the JS SDK keeps the members of a structure that carries a string __type:
// the items come with __type (as AWS's sample app, which deletes it before echoing, sees
// them), and an echo sends it back, which pcs ignores as it ignores every unknown member.
test("the SDK hands back __type in ExpectedCustomerSpend items, and the encoded strings; the echo passes", async () => {
  const { Id } = await pc.send(new CreateOpportunityCommand({ Catalog: CATALOG, ClientToken: randomUUID(), ...opportunityBody() }));
  await advanceClock("3s");
  const raw = await rawGetOpportunity(Id);
  assert.ok(raw.Project.ExpectedCustomerSpend.length > 0);
  for (const item of raw.Project.ExpectedCustomerSpend) assert.equal(item.__type, SPEND_TYPE);

  const got = await pc.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: Id }));
  assert.equal(got.Customer.Account.CompanyName, "Contoso &amp; Partners&amp;colon; EMEA");
  assert.equal(got.Project.ExpectedCustomerSpend.length, raw.Project.ExpectedCustomerSpend.length);
  for (const item of got.Project.ExpectedCustomerSpend) {
    assert.equal(item.__type, SPEND_TYPE);
    assert.equal(item.Amount, "42500.00");
    assert.equal(item.CurrencyCode, "USD");
  }

  // Echoed as it came: free text is taken as sent, so it comes back encoded once more.
  const req = { Catalog: got.Catalog, Identifier: got.Id, LastModifiedDate: got.LastModifiedDate };
  for (const k of ["PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer", "Project",
    "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle"]) {
    if (got[k] !== undefined) req[k] = structuredClone(got[k]);
  }
  delete req.LifeCycle.NextStepsHistory;
  await pc.send(new UpdateOpportunityCommand(req));
  const again = await pc.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: Id }));
  assert.equal(again.Customer.Account.CompanyName, "Contoso &amp;amp; Partners&amp;amp;colon; EMEA");
});
