// The AWS SDK for JavaScript v3 (@aws-sdk/client-partnercentral-selling) against pcs.
//
// Talks to $PCS_ENDPOINT (default http://127.0.0.1:7426) as account $PCS_JS_ACCOUNT
// (default 333333333333); the co-sell tests also as $PCS_JS_OTHER_ACCOUNT (default
// 333333333334), the partner it invites. Run with `node --test` (node 18+).

import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

import * as sdk from "@aws-sdk/client-partnercentral-selling";

const {
  PartnerCentralSellingClient,
  PartnerCentralSellingServiceException,
  ValidationException,
  ConflictException,
  ResourceNotFoundException,
  CreateOpportunityCommand,
  GetOpportunityCommand,
  UpdateOpportunityCommand,
  ListOpportunitiesCommand,
  AssociateOpportunityCommand,
  DisassociateOpportunityCommand,
  AssignOpportunityCommand,
  SubmitOpportunityCommand,
  GetAwsOpportunitySummaryCommand,
  ListSolutionsCommand,
  paginateListOpportunities,
  paginateListSolutions,
} = sdk;

const ENDPOINT = process.env.PCS_ENDPOINT || "http://127.0.0.1:7426";
const ACCOUNT = process.env.PCS_JS_ACCOUNT || "333333333333";
const CATALOG = "Sandbox";
const SOLUTION = "S-1234567";
const SEEDED = 25;
const FIXTURES = new URL("../fixtures/", import.meta.url);

const ERROR_CODES = new Set(Object.values(sdk.ValidationExceptionErrorCode));
const REASONS = new Set(Object.values(sdk.ValidationExceptionReason));

function makeClient(account = ACCOUNT) {
  return new PartnerCentralSellingClient({
    region: "us-east-1",
    endpoint: ENDPOINT,
    credentials: { accessKeyId: account, secretAccessKey: "conformance-secret" },
  });
}

const pc = makeClient();

function fixture(name) {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8"));
}

function opportunityBody() {
  const body = structuredClone(fixture("opportunity.json").body);
  const d = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  body.LifeCycle.TargetCloseDate = d.toISOString().slice(0, 10);
  return body;
}

const send = (Command, input) => pc.send(new Command(input));
const create = (input = {}) => send(CreateOpportunityCommand, { Catalog: CATALOG, ...input });
const get = (id) => send(GetOpportunityCommand, { Catalog: CATALOG, Identifier: id });

// An UpdateOpportunity request from a GetOpportunity result: a full replacement, with the
// SDK's own Date as LastModifiedDate.
function updateFrom(o) {
  const req = { Catalog: o.Catalog, Identifier: o.Id, LastModifiedDate: o.LastModifiedDate };
  for (const k of ["PrimaryNeedsFromAws", "NationalSecurity", "PartnerOpportunityIdentifier", "Customer", "Project",
    "OpportunityType", "Marketing", "SoftwareRevenue", "LifeCycle"]) {
    if (o[k] !== undefined) req[k] = structuredClone(o[k]);
  }
  if (req.LifeCycle) delete req.LifeCycle.NextStepsHistory;
  return req;
}

async function rejects(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail("the call succeeded; an error was expected");
}

function assertDate(v, what) {
  assert.ok(v instanceof Date, `${what} is not a Date: ${v}`);
  assert.ok(!Number.isNaN(v.getTime()), `${what} is an invalid Date`);
}

function assertOk(out) {
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.ok(out.$metadata.requestId, "no request id");
}

function assertModeled(err, Class, status = 400) {
  assert.ok(err instanceof Class, `expected ${Class.name}, got ${err?.name}: ${err?.message}`);
  assert.ok(err instanceof PartnerCentralSellingServiceException);
  assert.equal(err.name, Class.name);
  assert.equal(err.$metadata.httpStatusCode, status);
  assert.equal(err.$fault, status >= 500 ? "server" : "client");
  assert.ok(err.message && err.message !== "UnknownError", `no message: ${err.message}`);
  assert.ok(err.$metadata.requestId, "no request id on the error");
  assert.equal(err.$metadata.attempts, 1, "the SDK retried a non-retryable error");
  return err;
}

// fields: {FieldName: Code} that must all be in ErrorList.
function assertValidation(err, reason, fields = {}) {
  assertModeled(err, ValidationException);
  assert.ok(REASONS.has(err.Reason), `Reason ${err.Reason}`);
  assert.equal(err.Reason, reason);
  assert.ok(Array.isArray(err.ErrorList) && err.ErrorList.length > 0, "empty ErrorList");
  for (const e of err.ErrorList) {
    assert.deepEqual(Object.keys(e).sort(), ["Code", "FieldName", "Message"], JSON.stringify(e));
    assert.ok(e.FieldName && e.Message, JSON.stringify(e));
    assert.ok(ERROR_CODES.has(e.Code), `unmodeled code ${e.Code}`);
  }
  const got = new Set(err.ErrorList.map((e) => `${e.FieldName}/${e.Code}`));
  for (const [f, c] of Object.entries(fields)) {
    assert.ok(got.has(`${f}/${c}`), `ErrorList lacks ${f}/${c}: ${JSON.stringify(err.ErrorList)}`);
  }
  return err;
}

describe("CreateOpportunity / GetOpportunity", () => {
  test("minimal create, then get: Dates are Date objects", async () => {
    const out = await create();
    assertOk(out);
    assert.match(out.Id, /^O[0-9]{1,19}$/);
    assertDate(out.LastModifiedDate, "LastModifiedDate");
    assert.ok(Math.abs(out.LastModifiedDate.getTime() - Date.now()) < 300_000, "LastModifiedDate is not now");
    const got = await get(out.Id);
    assertOk(got);
    assert.equal(got.Id, out.Id);
    assert.equal(got.Arn, `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/${CATALOG}/opportunity/${out.Id}`);
    assertDate(got.CreatedDate, "CreatedDate");
    assert.equal(got.LastModifiedDate.getTime(), out.LastModifiedDate.getTime());
    assert.equal(got.LifeCycle.ReviewStatus, "Pending Submission");
  });

  test("full create round-trips, non-ASCII included", async () => {
    const body = opportunityBody();
    body.Customer.Contacts[0].FirstName = "Zoë";
    body.Customer.Contacts[0].LastName = "Müller-東京";
    const out = await create(body);
    assert.equal(out.PartnerOpportunityIdentifier, body.PartnerOpportunityIdentifier);
    const got = await get(out.Id);
    for (const k of ["PrimaryNeedsFromAws", "NationalSecurity", "Customer", "Project", "OpportunityType", "Marketing",
      "SoftwareRevenue", "Origin"]) {
      if (k === "Origin" && got[k] === undefined) continue; // not in the GetOpportunity output shape
      assert.deepEqual(got[k], body[k], k);
    }
    for (const k of ["Stage", "NextSteps", "TargetCloseDate"]) assert.equal(got.LifeCycle[k], body.LifeCycle[k], k);
    for (const h of got.LifeCycle.NextStepsHistory ?? []) assertDate(h.Time, "NextStepsHistory.Time");
    for (const m of body.OpportunityTeam) assert.ok(got.OpportunityTeam.some((t) => t.Email === m.Email));
  });

  test("invalid enum: ValidationException with Reason and ErrorList", async () => {
    const err = await rejects(create({ Origin: "Bogus" }));
    assertValidation(err, "REQUEST_VALIDATION_FAILED", { origin: "INVALID_ENUM_VALUE" });
    assert.match(err.message, /Bogus/);
  });

  test("broken business rules are reported together", async () => {
    const body = opportunityBody();
    body.Marketing = { Source: "None", CampaignName: "Spring" };
    body.Customer.Account.Industry = "Other";
    const err = await rejects(create(body));
    assertValidation(err, "BUSINESS_VALIDATION_FAILED", {
      "marketing.campaignName": "ACTION_NOT_PERMITTED",
      "customer.account.otherIndustry": "REQUIRED_FIELD_MISSING",
    });
    assert.equal(err.ErrorList.length, 2);
  });

  test("ClientToken: same token and body give the same opportunity", async () => {
    const ClientToken = randomUUID();
    const body = { ...opportunityBody(), ClientToken, PartnerOpportunityIdentifier: `idem-${ClientToken.slice(0, 8)}` };
    const a = await create(body);
    const b = await create(body);
    assert.equal(b.Id, a.Id);
    const listed = await send(ListOpportunitiesCommand, { Catalog: CATALOG, Identifier: [a.Id] });
    assert.deepEqual(listed.OpportunitySummaries.map((s) => s.Id), [a.Id]);
  });

  test("ClientToken: same token, other body is a ConflictException", async () => {
    const ClientToken = randomUUID();
    await create({ ...opportunityBody(), ClientToken });
    const err = await rejects(create({ ...opportunityBody(), ClientToken, PartnerOpportunityIdentifier: "other" }));
    assertModeled(err, ConflictException);
    assert.equal(err.message, "Conflicting client token submitted for a new request body.");
  });

  test("the SDK fills in a fresh ClientToken", async () => {
    const [a, b] = [await create(), await create()];
    assert.notEqual(a.Id, b.Id);
  });

  test("unknown opportunity: ResourceNotFoundException", async () => {
    assertModeled(await rejects(get("O9999999999999")), ResourceNotFoundException);
  });

  test("malformed identifier: ValidationException", async () => {
    assertValidation(await rejects(get("opp-1")), "REQUEST_VALIDATION_FAILED", { identifier: "INVALID_STRING_FORMAT" });
  });

  test("another account does not see it", async () => {
    const { Id } = await create();
    const other = makeClient("333333333334");
    const err = await rejects(other.send(new GetOpportunityCommand({ Catalog: CATALOG, Identifier: Id })));
    assertModeled(err, ResourceNotFoundException);
  });
});

describe("UpdateOpportunity", () => {
  test("Get -> Update round trip with the SDK's Date", async () => {
    const { Id } = await create(opportunityBody());
    const before = await get(Id);
    const req = updateFrom(before);
    req.Project.Title = "Fleet telemetry platform, phase 2";
    req.LifeCycle.Stage = "Qualified";
    const out = await send(UpdateOpportunityCommand, req);
    assertOk(out);
    assert.equal(out.Id, Id);
    assertDate(out.LastModifiedDate, "LastModifiedDate");
    assert.ok(out.LastModifiedDate > before.LastModifiedDate);
    const after = await get(Id);
    assert.equal(after.Project.Title, "Fleet telemetry platform, phase 2");
    assert.equal(after.LifeCycle.Stage, "Qualified");
    assert.equal(after.LastModifiedDate.getTime(), out.LastModifiedDate.getTime());
  });

  test("stale LastModifiedDate: ConflictException", async () => {
    const { Id } = await create(opportunityBody());
    const before = await get(Id);
    await send(UpdateOpportunityCommand, updateFrom(before));
    assertModeled(await rejects(send(UpdateOpportunityCommand, updateFrom(before))), ConflictException);
  });

  test("Marketing.Source on every update", async () => {
    const o = await get((await create()).Id);
    const req = updateFrom(o);
    delete req.Marketing;
    assertValidation(await rejects(send(UpdateOpportunityCommand, req)), "BUSINESS_VALIDATION_FAILED",
      { "marketing.source": "REQUIRED_FIELD_MISSING" });
  });

  test("unknown opportunity: ResourceNotFoundException", async () => {
    const err = await rejects(send(UpdateOpportunityCommand, {
      Catalog: CATALOG, Identifier: "O9999999999999", LastModifiedDate: new Date(), Marketing: { Source: "None" },
    }));
    assertModeled(err, ResourceNotFoundException);
  });
});

describe("ListOpportunities", () => {
  const seeded = [];
  const tag = randomUUID().slice(0, 8);

  async function everything() {
    const out = [];
    for await (const page of paginateListOpportunities({ client: pc, pageSize: 100 }, { Catalog: CATALOG })) {
      out.push(...page.OpportunitySummaries);
    }
    return out;
  }

  before(async () => {
    for (let i = 0; i < SEEDED; i++) {
      const body = opportunityBody();
      body.PartnerOpportunityIdentifier = `js-list-${i}`;
      body.Customer.Account.CompanyName = `JS Paging ${tag} ${String(i).padStart(2, "0")}`;
      seeded.push((await create(body)).Id);
    }
  });

  test("default page: 20 and a NextToken, newest first", async () => {
    const page = await send(ListOpportunitiesCommand, { Catalog: CATALOG });
    assert.equal(page.OpportunitySummaries.length, 20);
    assert.ok(typeof page.NextToken === "string" && page.NextToken.length > 0);
    const dates = page.OpportunitySummaries.map((s) => {
      assertDate(s.LastModifiedDate, "summary LastModifiedDate");
      assertDate(s.CreatedDate, "summary CreatedDate");
      return s.LastModifiedDate.getTime();
    });
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
  });

  test("paginateListOpportunities with pageSize", async () => {
    const client = makeClient();
    const sent = [];
    client.middlewareStack.add((next) => async (args) => {
      const body = args.request.body;
      sent.push(JSON.parse(typeof body === "string" ? body : new TextDecoder().decode(body)));
      return next(args);
    }, { step: "build", name: "recordBody" });
    const pages = [];
    for await (const page of paginateListOpportunities({ client, pageSize: 7 }, { Catalog: CATALOG })) pages.push(page);
    const total = (await everything()).length;
    assert.ok(total > 20);
    assert.equal(pages.length, Math.ceil(total / 7));
    assert.ok(sent.every((b) => b.MaxResults === 7), JSON.stringify(sent.map((b) => b.MaxResults)));
    assert.equal(sent[0].NextToken, undefined);
    const sizes = pages.map((p) => p.OpportunitySummaries.length);
    assert.ok(sizes.slice(0, -1).every((n) => n === 7), String(sizes));
    assert.equal(pages.at(-1).NextToken, undefined);
    const ids = pages.flatMap((p) => p.OpportunitySummaries.map((s) => s.Id));
    assert.equal(new Set(ids).size, ids.length, "a record came back twice");
    assert.equal(ids.length, total);
    for (const id of seeded) assert.ok(ids.includes(id));
  });

  test("incremental sync: AfterLastModifiedDate from the stored newest date, follow NextToken", async () => {
    const local = new Map((await everything()).map((s) => [s.Id, s.LastModifiedDate.getTime()]));
    const watermark = new Date(Math.max(...local.values()));
    const created = [(await create()).Id, (await create()).Id];
    const o = await get(seeded[0]);
    const req = updateFrom(o);
    req.LifeCycle.NextSteps = "Follow up after sync";
    await send(UpdateOpportunityCommand, req);
    const changed = [...created, seeded[0]];

    const seen = [];
    let NextToken;
    do {
      const page = await send(ListOpportunitiesCommand, {
        Catalog: CATALOG, MaxResults: 2, NextToken, LastModifiedDate: { AfterLastModifiedDate: watermark },
      });
      for (const s of page.OpportunitySummaries) {
        assert.ok(s.LastModifiedDate >= watermark, "the filter let an older record through");
        seen.push(s.Id);
        local.set(s.Id, s.LastModifiedDate.getTime());
      }
      NextToken = page.NextToken;
    } while (NextToken);
    assert.equal(new Set(seen).size, seen.length);
    for (const id of changed) assert.ok(seen.includes(id), `${id} changed but was not listed`);
    const server = new Map((await everything()).map((s) => [s.Id, s.LastModifiedDate.getTime()]));
    assert.deepEqual(local, server);
  });

  test("filters and sort", async () => {
    const names = [`JS Paging ${tag} 09`, `JS Paging ${tag} 02`];
    const out = await send(ListOpportunitiesCommand, {
      Catalog: CATALOG, CustomerCompanyName: names, Sort: { SortBy: "CustomerCompanyName", SortOrder: "ASCENDING" },
    });
    assert.deepEqual(out.OpportunitySummaries.map((s) => s.Customer.Account.CompanyName), [...names].sort());
  });

  test("MaxResults above 100: ValidationException", async () => {
    assertValidation(await rejects(send(ListOpportunitiesCommand, { Catalog: CATALOG, MaxResults: 101 })),
      "REQUEST_VALIDATION_FAILED", { maxResults: "VALUE_OUT_OF_RANGE" });
  });

  test("garbage NextToken: ValidationException", async () => {
    assertValidation(await rejects(send(ListOpportunitiesCommand, { Catalog: CATALOG, NextToken: "not-a-token" })),
      "REQUEST_VALIDATION_FAILED", { nextToken: "INVALID_VALUE" });
  });
});

describe("Associate, Assign, Submit", () => {
  const assoc = (Id, RelatedEntityIdentifier = SOLUTION) => ({
    Catalog: CATALOG, OpportunityIdentifier: Id, RelatedEntityType: "Solutions", RelatedEntityIdentifier,
  });
  const assignee = { Email: "sam.rivera@anycompany.example.com", FirstName: "Sam", LastName: "Rivera",
    BusinessTitle: "OpportunityOwner" };

  test("associate and disassociate a solution", async () => {
    const { Id } = await create(opportunityBody());
    assertOk(await send(AssociateOpportunityCommand, assoc(Id)));
    assert.deepEqual((await get(Id)).RelatedEntityIdentifiers.Solutions, [SOLUTION]);
    assertValidation(await rejects(send(AssociateOpportunityCommand, assoc(Id))), "BUSINESS_VALIDATION_FAILED",
      { relatedEntityIdentifier: "DUPLICATE_KEY_VALUE" });
    assertOk(await send(DisassociateOpportunityCommand, assoc(Id)));
    assert.ok(!(await get(Id)).RelatedEntityIdentifiers?.Solutions?.length);
    assertModeled(await rejects(send(DisassociateOpportunityCommand, assoc(Id))), ResourceNotFoundException);
  });

  test("associate an unknown solution: ResourceNotFoundException", async () => {
    const { Id } = await create();
    assertModeled(await rejects(send(AssociateOpportunityCommand, assoc(Id, "S-9999999"))), ResourceNotFoundException);
  });

  test("assign", async () => {
    const { Id } = await create(opportunityBody());
    assertOk(await send(AssignOpportunityCommand, { Catalog: CATALOG, Identifier: Id, Assignee: assignee }));
    const team = (await get(Id)).OpportunityTeam;
    assert.deepEqual(team.filter((m) => m.BusinessTitle === "OpportunityOwner"), [assignee]);
    const err = await rejects(send(AssignOpportunityCommand,
      { Catalog: CATALOG, Identifier: Id, Assignee: { ...assignee, Email: "nope" } }));
    assertValidation(err, "REQUEST_VALIDATION_FAILED", { "assignee.email": "INVALID_STRING_FORMAT" });
    assertModeled(await rejects(send(AssignOpportunityCommand,
      { Catalog: CATALOG, Identifier: "O9999999999999", Assignee: assignee })), ResourceNotFoundException);
  });

  test("submit, Sandbox review, AWS opportunity summary", async () => {
    const { Id } = await create(opportunityBody());
    const submit = { Catalog: CATALOG, Identifier: Id, InvolvementType: "Co-Sell", Visibility: "Full" };
    assertValidation(await rejects(send(SubmitOpportunityCommand, submit)), "BUSINESS_VALIDATION_FAILED",
      { "project.otherSolutionDescription": "REQUIRED_FIELD_MISSING" });
    await send(AssociateOpportunityCommand, assoc(Id));
    assertModeled(await rejects(send(GetAwsOpportunitySummaryCommand, { Catalog: CATALOG, RelatedOpportunityIdentifier: Id })),
      ResourceNotFoundException);
    assertOk(await send(SubmitOpportunityCommand, submit));
    const submitted = await get(Id);
    assert.equal(submitted.LifeCycle.ReviewStatus, "Submitted");
    assertValidation(await rejects(send(SubmitOpportunityCommand, submit)), "BUSINESS_VALIDATION_FAILED",
      { identifier: "INVALID_RESOURCE_STATE" });

    const summary = await send(GetAwsOpportunitySummaryCommand, { Catalog: CATALOG, RelatedOpportunityIdentifier: Id });
    assert.equal(summary.RelatedOpportunityId, Id);
    assert.equal(summary.InvolvementType, "Co-Sell");

    const req = updateFrom(submitted);
    req.LifeCycle.ReviewStatus = "Action Required";
    req.LifeCycle.ReviewComments = "Add the customer's AWS account";
    const out = await send(UpdateOpportunityCommand, req);
    const reviewed = await get(Id);
    assert.equal(reviewed.LifeCycle.ReviewStatus, "Action Required");
    assert.equal(reviewed.LastModifiedDate.getTime(), out.LastModifiedDate.getTime());
  });
});

test("Sandbox review of a For Visibility Only submission, echoing GetOpportunity (the Sandbox guide's recipe)", async () => {
  const { Id } = await create(opportunityBody());
  await send(AssociateOpportunityCommand,
    { Catalog: CATALOG, OpportunityIdentifier: Id, RelatedEntityType: "Solutions", RelatedEntityIdentifier: SOLUTION });
  await send(SubmitOpportunityCommand, { Catalog: CATALOG, Identifier: Id, InvolvementType: "For Visibility Only" });
  const submitted = await get(Id);
  assert.deepEqual(submitted.PrimaryNeedsFromAws, ["Do Not Need Support from AWS Sales Rep"]);
  const req = updateFrom(submitted);
  req.LifeCycle.ReviewStatus = "Approved";
  await send(UpdateOpportunityCommand, req);
  assert.equal((await get(Id)).LifeCycle.ReviewStatus, "Approved");
});

describe("ListSolutions", () => {
  test("the Sandbox solution", async () => {
    const out = await send(ListSolutionsCommand, { Catalog: CATALOG });
    assertOk(out);
    const s = out.SolutionSummaries.find((x) => x.Id === SOLUTION);
    assert.ok(s, "S-1234567 is not listed");
    assert.equal(s.Status, "Active");
    assertDate(s.CreatedDate, "solution CreatedDate");
    const ids = [];
    for await (const page of paginateListSolutions({ client: pc, pageSize: 1 }, { Catalog: CATALOG })) {
      ids.push(...page.SolutionSummaries.map((x) => x.Id));
    }
    assert.ok(ids.includes(SOLUTION));
  });

  test("bad catalog: ValidationException", async () => {
    assertValidation(await rejects(send(ListSolutionsCommand, { Catalog: "Nowhere" })), "REQUEST_VALIDATION_FAILED",
      { catalog: "INVALID_VALUE" });
  });
});

describe("engagement invitations (implemented so far; invitations come from the AWS side)", () => {
  const UNKNOWN = "engi-0a1b2c3d4e5f6";

  test("ListEngagementInvitations and ListEngagementByAcceptingInvitationTasks", async () => {
    for (const ParticipantType of ["RECEIVER", "SENDER"]) {
      const out = await send(sdk.ListEngagementInvitationsCommand, { Catalog: CATALOG, ParticipantType });
      assertOk(out);
      assert.ok(Array.isArray(out.EngagementInvitationSummaries));
    }
    const tasks = await send(sdk.ListEngagementByAcceptingInvitationTasksCommand, { Catalog: CATALOG });
    assertOk(tasks);
    assert.ok(Array.isArray(tasks.TaskSummaries));
    assertValidation(await rejects(send(sdk.ListEngagementInvitationsCommand, { Catalog: CATALOG, ParticipantType: "NOBODY" })),
      "REQUEST_VALIDATION_FAILED", { participantType: "INVALID_ENUM_VALUE" });
  });

  test("unknown invitation: ResourceNotFoundException", async () => {
    assertModeled(await rejects(send(sdk.GetEngagementInvitationCommand, { Catalog: CATALOG, Identifier: UNKNOWN })),
      ResourceNotFoundException);
    assertModeled(await rejects(send(sdk.RejectEngagementInvitationCommand, { Catalog: CATALOG, Identifier: UNKNOWN })),
      ResourceNotFoundException);
    assertModeled(await rejects(send(sdk.StartEngagementByAcceptingInvitationTaskCommand,
      { Catalog: CATALOG, Identifier: UNKNOWN })), ResourceNotFoundException);
    assertValidation(await rejects(send(sdk.GetEngagementInvitationCommand, { Catalog: CATALOG, Identifier: "invitation-1" })),
      "REQUEST_VALIDATION_FAILED", { identifier: "INVALID_STRING_FORMAT" });
  });
});

describe("StartEngagementFromOpportunityTask and engagements", () => {
  const submission = { InvolvementType: "Co-Sell", Visibility: "Full" };

  test("the task submits the opportunity and creates an engagement", async () => {
    const body = opportunityBody();
    const { Id } = await create(body);
    await send(AssociateOpportunityCommand, {
      Catalog: CATALOG, OpportunityIdentifier: Id, RelatedEntityType: "Solutions", RelatedEntityIdentifier: SOLUTION,
    });
    const ClientToken = randomUUID();
    const start = { Catalog: CATALOG, Identifier: Id, ClientToken, AwsSubmission: submission };
    const task = await send(sdk.StartEngagementFromOpportunityTaskCommand, start);
    assertOk(task);
    assert.equal(task.TaskStatus, "COMPLETE", JSON.stringify(task));
    assert.match(task.TaskId, /^task-[0-9a-z]{13}$/);
    assertDate(task.StartTime, "StartTime");
    assert.equal(task.OpportunityId, Id);
    assert.match(task.EngagementId, /^eng-[0-9a-z]{14}$/);
    assert.match(task.EngagementInvitationId, /^engi-[0-9a-z]{13}$/);
    assert.equal((await get(Id)).LifeCycle.ReviewStatus, "Submitted");

    const again = await send(sdk.StartEngagementFromOpportunityTaskCommand, start);
    assert.equal(again.TaskId, task.TaskId);
    const conflict = await rejects(send(sdk.StartEngagementFromOpportunityTaskCommand,
      { ...start, AwsSubmission: { ...submission, Visibility: "Limited" } }));
    assertModeled(conflict, ConflictException);

    const tasks = await send(sdk.ListEngagementFromOpportunityTasksCommand, { Catalog: CATALOG, OpportunityIdentifier: [Id] });
    assert.deepEqual(tasks.TaskSummaries.map((t) => t.TaskId), [task.TaskId]);
    assertDate(tasks.TaskSummaries[0].StartTime, "task summary StartTime");

    const eng = await send(sdk.GetEngagementCommand, { Catalog: CATALOG, Identifier: task.EngagementId });
    assert.equal(eng.Id, task.EngagementId);
    assert.equal(eng.Title, body.Project.Title.slice(0, 40));
    assertDate(eng.CreatedAt, "engagement CreatedAt");
    const list = await send(sdk.ListEngagementsCommand, { Catalog: CATALOG, EngagementIdentifier: [eng.Id] });
    assert.deepEqual(list.EngagementSummaryList.map((e) => e.Id), [eng.Id]);
    const members = await send(sdk.ListEngagementMembersCommand, { Catalog: CATALOG, Identifier: eng.Id });
    assert.ok(members.EngagementMemberList.some((m) => m.AccountId === ACCOUNT));
  });

  test("incomplete opportunity: FAILED task; unknown ids: ResourceNotFoundException", async () => {
    const { Id } = await create();
    const task = await send(sdk.StartEngagementFromOpportunityTaskCommand,
      { Catalog: CATALOG, Identifier: Id, AwsSubmission: submission });
    assert.equal(task.TaskStatus, "FAILED");
    assert.equal(task.ReasonCode, "OpportunityValidationFailed");
    assertModeled(await rejects(send(sdk.StartEngagementFromOpportunityTaskCommand,
      { Catalog: CATALOG, Identifier: "O9999999999999", AwsSubmission: submission })), ResourceNotFoundException);
    assertModeled(await rejects(send(sdk.GetEngagementCommand, { Catalog: CATALOG, Identifier: "eng-0a1b2c3d4e5f67" })),
      ResourceNotFoundException);
    assertModeled(await rejects(send(sdk.ListEngagementMembersCommand, { Catalog: CATALOG, Identifier: "eng-0a1b2c3d4e5f67" })),
      ResourceNotFoundException);
    assertValidation(await rejects(send(sdk.ListEngagementsCommand, { Catalog: CATALOG, MaxResults: 101 })),
      "REQUEST_VALIDATION_FAILED", { maxResults: "VALUE_OUT_OF_RANGE" });
  });
});

// Prospecting: AWS enriches the partner's lead engagements. Only the JS SDK has these three
// operations (botocore 1.43.11 does not). AWS sends the leads through pcs's admin endpoint
// POST /_pcs/sim/lead; the task runs on its own after pcs's prospecting time (5 s of the pcs
// clock by default), so the suite polls as a real client would.
async function admin(path, body) {
  const res = await fetch(new URL(path, ENDPOINT), {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

// The pcs clock (GET /_pcs/clock): wall time plus however far the AWS-side suite moved it.
async function pcsNow() {
  const res = await fetch(new URL("/_pcs/clock", ENDPOINT));
  assert.equal(res.status, 200);
  return new Date((await res.json()).Now);
}

const TASK_ID = /^task-[0-9a-z]{14}$/;
const prospectingArn = (taskId) =>
  `arn:aws:partnercentral-selling:us-east-1::catalog/${CATALOG}/prospecting-from-engagement-task/${taskId}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const randomId = (n) => randomUUID().replaceAll("-", "").slice(0, n); // [0-9a-f]: well-formed

// Every Date of a response, however deep: each must be a valid Date; counts them.
function assertDates(v, path = "") {
  if (v instanceof Date) {
    assertDate(v, path);
    return 1;
  }
  if (Array.isArray(v)) return v.reduce((n, x, i) => n + assertDates(x, `${path}[${i}]`), 0);
  if (v && typeof v === "object") {
    return Object.entries(v).filter(([k]) => k !== "$metadata").reduce((n, [k, x]) => {
      if (typeof x === "string") assert.doesNotMatch(x, ISO, `${path}.${k} is a timestamp string, not a Date`);
      return n + assertDates(x, `${path}.${k}`);
    }, 0);
  }
  return 0;
}

describe("prospecting lead engagements (StartProspectingFromEngagementTask, Get…, List…)", () => {
  const tag = randomId(10);
  const leads = []; // {company, engagementId}
  let plain; // an engagement of the account without a Lead context
  const unknown = `eng-${randomId(14)}`;
  const TaskName = `js-prospects-${tag}`;
  const ClientToken = randomUUID();
  let started; // the Start answer
  let finished; // the Get answer once EndTime is set

  function lead(company, i) {
    return {
      Customer: {
        CompanyName: company, Industry: "Retail", WebsiteUrl: `https://www.shop-${i}-${tag}.example.com`,
        MarketSegment: i === 0 ? "Enterprise" : "Small", AwsMaturity: "Early",
        Address: { City: "Denver", StateOrRegion: "Colorado", PostalCode: "80202", CountryCode: "US" },
      },
      Interactions: [{
        SourceType: "Event", SourceId: `reinvent-2026-${i}`, SourceName: "AWS re:Invent", Usecase: "Analytics",
        InteractionDate: "2026-03-02T17:00:00Z", CustomerAction: "Asked for a partner at the booth",
        BusinessProblem: "Store sales data arrives a day late.",
        Contact: { BusinessTitle: "CIO", FirstName: "Ana", LastName: "Silva", Email: `ana.silva.${i}.${tag}@example.com`,
          Phone: "+13035550100" },
      }],
    };
  }

  const start = (input = {}) => send(sdk.StartProspectingFromEngagementTaskCommand, {
    Catalog: CATALOG, ClientToken, TaskName, Identifiers: [...leads.map((l) => l.engagementId), plain, unknown], ...input,
  });
  const getTask = (TaskIdentifier) => send(sdk.GetProspectingFromEngagementTaskCommand, { Catalog: CATALOG, TaskIdentifier });

  before(async () => {
    for (const i of [0, 1]) {
      const company = `JS Prospect ${tag} ${i}`;
      const inv = await admin("/_pcs/sim/lead", { Account: ACCOUNT, Catalog: CATALOG, Lead: lead(company, i) });
      assertOk(await send(sdk.AcceptEngagementInvitationCommand, { Catalog: CATALOG, Identifier: inv.Id }));
      leads.push({ company, engagementId: inv.EngagementId, invitationId: inv.Id });
    }
    const created = await send(sdk.CreateEngagementCommand, {
      Catalog: CATALOG, ClientToken: randomUUID(), Title: `JS no lead ${tag}`, Description: "An engagement without a lead",
      Contexts: [{ Type: "CustomerProject", Payload: { CustomerProject: {
        Customer: { Industry: "Retail", CompanyName: `JS Project ${tag}`, WebsiteUrl: "https://www.example.com", CountryCode: "US" },
        Project: { Title: "Store analytics", BusinessProblem: "Sales data arrives a day late.", TargetCompletionDate: "2027-06-30" },
      } } }],
    });
    plain = created.Id;
  });

  test("the accepted leads are the account's Lead engagements", async () => {
    for (const { engagementId, invitationId } of leads) {
      // AcceptEngagementInvitation made the account a member of AWS's engagement.
      const inv = await send(sdk.GetEngagementInvitationCommand, { Catalog: CATALOG, Identifier: invitationId });
      assert.deepEqual([inv.Status, inv.PayloadType, inv.EngagementId], ["ACCEPTED", "LeadInvitation", engagementId]);
      const eng = await send(sdk.GetEngagementCommand, { Catalog: CATALOG, Identifier: engagementId });
      assert.deepEqual([eng.MemberCount, eng.ModifiedBy], [2, ACCOUNT]);
      assertDates(eng);
      assert.equal(eng.CreatedBy, "aws");
      assert.deepEqual(eng.Contexts.map((c) => [c.Type, c.Payload.Lead?.QualificationStatus]), [["Lead", "Unqualified"]]);
      assertDate(eng.Contexts[0].Payload.Lead.Interactions[0].InteractionDate, "InteractionDate");
    }
    const listed = await send(sdk.ListEngagementsCommand, {
      Catalog: CATALOG, ContextTypes: ["Lead"], EngagementIdentifier: [...leads.map((l) => l.engagementId), plain],
    });
    assert.deepEqual(listed.EngagementSummaryList.map((e) => e.Id).sort(), leads.map((l) => l.engagementId).sort());
  });

  test("Start: PENDING, ids echoed; the same ClientToken gives the same task", async () => {
    const before = await pcsNow();
    started = await start();
    const after = await pcsNow();
    assertOk(started);
    assert.equal(started.TaskStatus, "PENDING");
    assert.match(started.TaskId, TASK_ID);
    assert.equal(started.TaskArn, prospectingArn(started.TaskId));
    assert.equal(started.TaskName, TaskName);
    assert.deepEqual(started.Identifiers, [...leads.map((l) => l.engagementId), plain, unknown]);
    assertDate(started.StartTime, "StartTime");
    // pcs keeps milliseconds; its clock has nanoseconds.
    assert.ok(started.StartTime.getTime() >= before.getTime() - 1 && started.StartTime <= after,
      `StartTime ${started.StartTime.toISOString()} is not between ${before.toISOString()} and ${after.toISOString()} (pcs clock)`);
    assertDates(started);

    const again = await start();
    assert.equal(again.TaskId, started.TaskId);
    assert.equal(again.StartTime.getTime(), started.StartTime.getTime());
    assertModeled(await rejects(start({ TaskName: `${TaskName}-other` })), ConflictException);
  });

  test("Get, polled every 500 ms until EndTime: an outcome per engagement", async () => {
    assert.ok(started, "no task was started");
    const deadline = Date.now() + 20_000;
    let polls = 0;
    for (;;) {
      const task = await getTask(started.TaskId);
      polls++;
      assertOk(task);
      assertDates(task);
      assert.equal(task.TaskId, started.TaskId);
      assert.equal(task.TaskArn, started.TaskArn);
      assert.equal(task.TaskName, TaskName);
      assert.equal(task.StartTime.getTime(), started.StartTime.getTime());
      assert.deepEqual(task.Engagements.map((e) => e.EngagementIdentifier), started.Identifiers);
      if (task.EndTime) {
        finished = task;
        break;
      }
      for (const e of task.Engagements) assert.ok(["PENDING", "IN_PROGRESS"].includes(e.Status), JSON.stringify(e));
      assert.ok(Date.now() < deadline, `no EndTime after ${polls} polls in 20 s: ${JSON.stringify(task.Engagements)}`);
      await sleep(500);
    }
    assert.ok(polls > 1, "the task ended before AWS's prospecting time");
    assertDate(finished.EndTime, "EndTime");
    assert.ok(finished.EndTime >= finished.StartTime);
    const byId = Object.fromEntries(finished.Engagements.map((e) => [e.EngagementIdentifier, e]));
    for (const { engagementId } of leads) {
      const r = byId[engagementId];
      assert.equal(r.Status, "COMPLETED", JSON.stringify(r));
      assert.ok(r.EngagementContextId, `no EngagementContextId: ${JSON.stringify(r)}`);
      assert.equal(r.ReasonCode, undefined);
    }
    for (const [id, reason] of [[plain, "LeadContextNotFound"], [unknown, "EngagementNotFound"]]) {
      const r = byId[id];
      assert.equal(r.Status, "FAILED", JSON.stringify(r));
      assert.equal(r.ReasonCode, reason);
      assert.ok(r.Message, `no Message: ${JSON.stringify(r)}`);
      assert.equal(r.EngagementContextId, undefined);
    }
  });

  test("GetEngagement: the ProspectingResult context", async () => {
    assert.ok(finished, "the task did not finish");
    const byId = Object.fromEntries(finished.Engagements.map((e) => [e.EngagementIdentifier, e]));
    for (const { company, engagementId } of leads) {
      const eng = await send(sdk.GetEngagementCommand, { Catalog: CATALOG, Identifier: engagementId });
      assertDates(eng);
      assert.deepEqual(eng.Contexts.map((c) => c.Type), ["Lead", "ProspectingResult"]);
      const ctx = eng.Contexts[1];
      assert.equal(ctx.Id, byId[engagementId].EngagementContextId);
      const aws = ctx.Payload.ProspectingResult.Aws;
      assert.equal(aws.TaskId, started.TaskId);
      assert.equal(aws.TaskArn, started.TaskArn);
      assert.equal(aws.TaskName, TaskName);
      assertDate(aws.StartTime, "ProspectingResult StartTime");
      assertDate(aws.EndTime, "ProspectingResult EndTime");
      assert.equal(aws.StartTime.getTime(), started.StartTime.getTime());
      // The model: "when the prospecting task completed processing", the task's EndTime.
      assert.equal(aws.EndTime.getTime(), finished.EndTime.getTime());
      assert.equal(aws.Customer.AccountName, company);
      assert.equal(aws.Customer.Country, "US");
      assert.equal(aws.Customer.Industry, "Retail");
      for (const k of ["MarketplaceEngagementScore", "SolutionScore"]) {
        assert.ok(["High", "Medium", "Low"].includes(aws.Insights[k]), `${k} ${aws.Insights[k]}`);
      }
      assert.equal(eng.Contexts[0].Payload.Lead.Customer.CompanyName, company, "prospecting changed the lead");
    }
    const withResult = await send(sdk.ListEngagementsCommand, {
      Catalog: CATALOG, ContextTypes: ["ProspectingResult"], EngagementIdentifier: [...leads.map((l) => l.engagementId), plain],
    });
    assert.deepEqual(withResult.EngagementSummaryList.map((e) => e.Id).sort(), leads.map((l) => l.engagementId).sort());
  });

  test("List: counts, TaskName filter, sort by TaskName, MaxResults and NextToken", async () => {
    assert.ok(finished, "the task did not finish");
    const second = await send(sdk.StartProspectingFromEngagementTaskCommand, {
      Catalog: CATALOG, ClientToken: randomUUID(), TaskName: `${TaskName}-again`, Identifiers: [plain],
    });
    assert.match(second.TaskId, TASK_ID);
    assert.notEqual(second.TaskId, started.TaskId);
    const names = [TaskName, `${TaskName}-again`];
    const list = (input) => send(sdk.ListProspectingFromEngagementTasksCommand, { Catalog: CATALOG, TaskName: names, ...input });

    const mine = await list({ TaskName: [TaskName] });
    assertOk(mine);
    assertDates(mine);
    assert.equal(mine.NextToken, undefined);
    assert.equal(mine.TaskSummaries.length, 1);
    const s = mine.TaskSummaries[0];
    assert.deepEqual({ ...s, StartTime: s.StartTime.getTime(), EndTime: s.EndTime?.getTime() }, {
      TaskId: started.TaskId, TaskArn: started.TaskArn, TaskName, StartTime: started.StartTime.getTime(),
      EndTime: finished.EndTime.getTime(), TotalEngagementCount: 4, CompletedEngagementCount: 2, FailedEngagementCount: 2,
    });

    const asc = await list({ Sort: { SortBy: "TaskName", SortOrder: "ASCENDING" } });
    assert.deepEqual(asc.TaskSummaries.map((t) => t.TaskId), [started.TaskId, second.TaskId]);
    const desc = await list({ Sort: { SortBy: "TaskName", SortOrder: "DESCENDING" } });
    assert.deepEqual(desc.TaskSummaries.map((t) => t.TaskId), [second.TaskId, started.TaskId]);
    const byId = await send(sdk.ListProspectingFromEngagementTasksCommand, { Catalog: CATALOG, TaskIdentifier: [second.TaskId] });
    assert.deepEqual(byId.TaskSummaries.map((t) => [t.TaskId, t.TotalEngagementCount]), [[second.TaskId, 1]]);

    const first = await list({ MaxResults: 1, Sort: { SortBy: "TaskName", SortOrder: "ASCENDING" } });
    assert.deepEqual(first.TaskSummaries.map((t) => t.TaskId), [started.TaskId]);
    assert.ok(typeof first.NextToken === "string" && first.NextToken.length > 0, "no NextToken after the first page");
    const next = await list({ MaxResults: 1, Sort: { SortBy: "TaskName", SortOrder: "ASCENDING" }, NextToken: first.NextToken });
    assert.deepEqual(next.TaskSummaries.map((t) => t.TaskId), [second.TaskId]);
    assert.equal(next.NextToken, undefined);
    assertDates(next);

    const ids = [];
    for await (const page of sdk.paginateListProspectingFromEngagementTasks({ client: pc, pageSize: 1 },
      { Catalog: CATALOG, TaskName: names })) {
      ids.push(...page.TaskSummaries.map((t) => t.TaskId));
    }
    assert.deepEqual(ids.sort(), [started.TaskId, second.TaskId].sort());
  });

  test("errors: unknown task, empty Identifiers", async () => {
    const err = await rejects(getTask(`task-${randomId(14)}`));
    assert.equal(err.name, "ResourceNotFoundException");
    assert.equal(err.$metadata.httpStatusCode, 400);
    assertModeled(err, ResourceNotFoundException);
    assertValidation(await rejects(send(sdk.StartProspectingFromEngagementTaskCommand, {
      Catalog: CATALOG, ClientToken: randomUUID(), TaskName, Identifiers: [],
    })), "REQUEST_VALIDATION_FAILED", { identifiers: "NOT_ENOUGH_VALUES" });
    const other = makeClient("333333333334");
    assertModeled(await rejects(other.send(new sdk.GetProspectingFromEngagementTaskCommand({
      Catalog: CATALOG, TaskIdentifier: started?.TaskId ?? `task-${randomId(14)}`,
    }))), ResourceNotFoundException);
  });
});

// Co-selling between two partners, as conformance/boto3/test_cosell.py does it with boto3:
// partner A (ACCOUNT) shares an opportunity through StartEngagementFromOpportunityTask and
// invites partner B ($PCS_JS_OTHER_ACCOUNT, default 333333333334) with
// CreateEngagementInvitation; B reads the invitation, accepts it with
// StartEngagementByAcceptingInvitationTask, gets an opportunity and a snapshot job of its own,
// and reads A's shared snapshot (template OpportunitySummaryView) as A changes its opportunity.
// Each run makes its own opportunity, engagement and invitation, so it can be rerun against a
// long-lived pcs. The tests run in order and share what the earlier ones made.
describe("co-selling between two partners (CreateEngagementInvitation, StartEngagementByAcceptingInvitationTask, snapshots)", () => {
  const B = process.env.PCS_JS_OTHER_ACCOUNT || "333333333334";
  const pcB = makeClient(B);
  const sendB = (Command, input) => pcB.send(new Command(input));
  const tag = `js-cosell-${randomId(10)}`;
  const TEMPLATE = "OpportunitySummaryView";
  const TASK = /^task-[0-9a-z]{13}$/;
  const JOB = /^job-[0-9a-z]{13}$/;
  const DAY = 24 * 3600 * 1000;
  const submission = { InvolvementType: "Co-Sell", Visibility: "Full" };
  const completion = new Date(Date.now() + 200 * DAY).toISOString().slice(0, 10);
  // Its values differ from A's opportunity (title, spend, close date), so that B's opportunity
  // shows which of the two it was made from.
  const inv = {
    Message: `Let's co-sell the Northwind telemetry migration (${tag})`,
    Receiver: { Account: { Alias: "PartnerB", AwsAccountId: B } },
    Payload: { OpportunityInvitation: {
      ReceiverResponsibilities: ["Software Partner"],
      SenderContacts: [{ Email: "maria.garcia@anycompany.example.com", FirstName: "Maria", LastName: "Garcia",
        BusinessTitle: "Alliance Lead", Phone: "+12065550100" }],
      Customer: { Industry: "Transportation and Logistics", CompanyName: "Northwind Logistics GmbH",
        WebsiteUrl: "https://www.northwind-logistics.example.com", CountryCode: "DE" },
      Project: { BusinessProblem: "Self-hosted telemetry stack cannot scale to 40k vehicles.",
        Title: `Telemetry co-sell ${tag}`, TargetCompletionDate: completion,
        ExpectedCustomerSpend: [{ Amount: "12500.00", CurrencyCode: "USD", Frequency: "Monthly", TargetCompany: "AWS" }] },
    } },
  };
  const body = opportunityBody();
  let oid, task, engId, engagement, aCompany; // A's share
  let sent; // the CreateEngagementInvitation answer
  let accepted; // B's accepting task
  let first; // revision 1 of A's snapshot, as B reads it

  const invite = (ClientToken, Invitation = inv) => send(sdk.CreateEngagementInvitationCommand,
    { Catalog: CATALOG, ClientToken, EngagementIdentifier: engId, Invitation });
  const snapshot = (client, extra = {}) => client.send(new sdk.GetResourceSnapshotCommand({
    Catalog: CATALOG, EngagementIdentifier: engId, ResourceType: "Opportunity", ResourceIdentifier: oid,
    ResourceSnapshotTemplateIdentifier: TEMPLATE, ...extra,
  }));
  // A's snapshot jobs run as this role; without one they write no revisions.
  before(async () => {
    assertOk(await send(sdk.PutSellingSystemSettingsCommand,
      { Catalog: CATALOG, ResourceSnapshotJobRoleIdentifier: "PartnerCentralSnapshotJobRole" }));
  });
  // The revisions of A's shared view of its opportunity, as client lists them.
  async function revisions(client) {
    const out = await client.send(new sdk.ListResourceSnapshotsCommand({
      Catalog: CATALOG, EngagementIdentifier: engId, ResourceIdentifier: oid, ResourceSnapshotTemplateIdentifier: TEMPLATE,
    }));
    assertOk(out);
    assertDates(out);
    for (const s of out.ResourceSnapshotSummaries) {
      assert.deepEqual([s.ResourceType, s.ResourceId, s.ResourceSnapshotTemplateName, s.CreatedBy],
        ["Opportunity", oid, TEMPLATE, ACCOUNT], JSON.stringify(s));
      assert.equal(s.Arn, `arn:aws:partnercentral:us-east-1::catalog/${CATALOG}/engagement/${engId}`
        + `/resource/Opportunity/${oid}/template/${TEMPLATE}/snapshot/${s.Revision}`);
    }
    return out.ResourceSnapshotSummaries.map((s) => s.Revision).sort((x, y) => x - y);
  }
  async function members(client) {
    const out = await client.send(new sdk.ListEngagementMembersCommand({ Catalog: CATALOG, Identifier: engId }));
    assertOk(out);
    return out.EngagementMemberList;
  }
  // B's received invitations of this engagement.
  async function received(participant = "RECEIVER", client = pcB) {
    const out = await client.send(new sdk.ListEngagementInvitationsCommand({
      Catalog: CATALOG, ParticipantType: participant, EngagementIdentifier: [engId],
    }));
    assertOk(out);
    assertDates(out);
    return out.EngagementInvitationSummaries;
  }
  const notFound = async (promise) => {
    const err = await rejects(promise);
    assert.equal(err.name, "ResourceNotFoundException", `${err.name}: ${err.message}`);
    return assertModeled(err, ResourceNotFoundException);
  };
  const conflict = async (promise) => {
    const err = await rejects(promise);
    assert.equal(err.name, "ConflictException", `${err.name}: ${err.message}`);
    return assertModeled(err, ConflictException);
  };

  test("A shares an opportunity: engagement, snapshot revision 1, a Running job", async () => {
    oid = (await create(body)).Id;
    await send(AssociateOpportunityCommand, {
      Catalog: CATALOG, OpportunityIdentifier: oid, RelatedEntityType: "Solutions", RelatedEntityIdentifier: SOLUTION,
    });
    task = await send(sdk.StartEngagementFromOpportunityTaskCommand,
      { Catalog: CATALOG, ClientToken: randomUUID(), Identifier: oid, AwsSubmission: submission });
    assertOk(task);
    assert.equal(task.TaskStatus, "COMPLETE", task.Message);
    assert.equal(assertDates(task), 1);
    assert.match(task.EngagementId, /^eng-[0-9a-z]{14}$/);
    assert.match(task.ResourceSnapshotJobId, JOB);
    engId = task.EngagementId;
    assert.deepEqual(await revisions(pc), [1]);

    const job = await send(sdk.GetResourceSnapshotJobCommand, { Catalog: CATALOG, ResourceSnapshotJobIdentifier: task.ResourceSnapshotJobId });
    assertOk(job);
    assert.deepEqual([job.Id, job.Status, job.EngagementId, job.ResourceType, job.ResourceId, job.ResourceSnapshotTemplateName],
      [task.ResourceSnapshotJobId, "Running", engId, "Opportunity", oid, TEMPLATE]);
    assert.equal(job.Arn, `arn:aws:partnercentral:us-east-1:${ACCOUNT}:catalog/${CATALOG}/resource-snapshot-job/${job.Id}`);
    assert.ok(assertDates(job) >= 1);
    assertDate(job.CreatedAt, "job CreatedAt");

    engagement = await send(sdk.GetEngagementCommand, { Catalog: CATALOG, Identifier: engId });
    assertDates(engagement);
    assert.equal(engagement.MemberCount, 1);
    const mine = await members(pc);
    assert.deepEqual(mine.map((m) => m.AccountId), [ACCOUNT]);
    aCompany = mine[0].CompanyName;
    assert.ok(aCompany, "A's member entry has no CompanyName");
  });

  test("A invites B: the same ClientToken gives the same invitation; another one conflicts", async () => {
    assert.ok(engId, "A did not share");
    const ClientToken = randomUUID();
    sent = await invite(ClientToken);
    assertOk(sent);
    assert.match(sent.Id, /^engi-[0-9a-z]{13}$/);
    assert.equal(sent.Arn, `arn:aws:partnercentral:us-east-1::catalog/${CATALOG}/engagement-invitation/${sent.Id}`);
    const again = await invite(ClientToken);
    assert.deepEqual([again.Id, again.Arn], [sent.Id, sent.Arn]);
    // Same token, another request: the token conflicts.
    const edited = await conflict(invite(ClientToken, { ...inv, Message: `${inv.Message} (edited)` }));
    assert.equal(edited.message, "Conflicting client token submitted for a new request body.");
    // Another token while B's invitation is pending: one pending invitation per partner.
    await conflict(invite(randomUUID()));
    const still = await send(sdk.GetEngagementInvitationCommand, { Catalog: CATALOG, Identifier: sent.Id });
    assert.equal(still.Status, "PENDING");
  });

  test("B lists and reads the invitation, and sees nothing of the engagement before accepting", async () => {
    assert.ok(sent, "A did not invite B");
    const listed = await received();
    assert.equal(listed.length, 1, JSON.stringify(listed));
    const s = listed[0];
    assert.deepEqual({ ...s, InvitationDate: undefined, ExpirationDate: undefined }, {
      Id: sent.Id, Arn: sent.Arn, Catalog: CATALOG, EngagementId: engId, EngagementTitle: engagement.Title,
      ParticipantType: "RECEIVER", PayloadType: "OpportunityInvitation", Receiver: inv.Receiver,
      SenderAwsAccountId: ACCOUNT, SenderCompanyName: aCompany, Status: "PENDING",
      InvitationDate: undefined, ExpirationDate: undefined,
    });
    assertDate(s.InvitationDate, "InvitationDate");
    assertDate(s.ExpirationDate, "ExpirationDate");
    assert.ok(Math.abs(s.InvitationDate.getTime() - Date.now()) < 300_000, "InvitationDate is not now");
    assert.equal(s.ExpirationDate - s.InvitationDate, 15 * DAY);
    assert.deepEqual(await received("RECEIVER", pc), [], "the sender lists its invitation as received");

    const got = await sendB(sdk.GetEngagementInvitationCommand, { Catalog: CATALOG, Identifier: sent.Id });
    assertOk(got);
    assert.equal(assertDates(got), 2);
    const { $metadata, InvitationDate, ExpirationDate, ExistingMembers, ...rest } = got;
    assert.deepEqual(rest, {
      Id: sent.Id, Arn: sent.Arn, Catalog: CATALOG, EngagementId: engId, EngagementTitle: engagement.Title,
      EngagementDescription: engagement.Description, InvitationMessage: inv.Message, Payload: inv.Payload,
      PayloadType: "OpportunityInvitation", Receiver: inv.Receiver, SenderAwsAccountId: ACCOUNT,
      SenderCompanyName: aCompany, Status: "PENDING",
    });
    // A partner's website the service does not know reads as the string "null".
    assert.deepEqual(ExistingMembers, [{ CompanyName: aCompany, WebsiteUrl: "null" }]);
    assert.deepEqual([InvitationDate.getTime(), ExpirationDate.getTime()], [s.InvitationDate.getTime(), s.ExpirationDate.getTime()]);

    await notFound(sendB(sdk.GetEngagementCommand, { Catalog: CATALOG, Identifier: engId }));
    await notFound(sendB(sdk.ListEngagementMembersCommand, { Catalog: CATALOG, Identifier: engId }));
    await notFound(sendB(sdk.ListResourceSnapshotsCommand, { Catalog: CATALOG, EngagementIdentifier: engId }));
  });

  test("B accepts with StartEngagementByAcceptingInvitationTask: COMPLETE, its own opportunity and job", async () => {
    assert.ok(sent, "A did not invite B");
    const ClientToken = randomUUID();
    const accept = () => sendB(sdk.StartEngagementByAcceptingInvitationTaskCommand, { Catalog: CATALOG, ClientToken, Identifier: sent.Id });
    accepted = await accept();
    assertOk(accepted);
    assert.equal(accepted.TaskStatus, "COMPLETE", accepted.Message);
    assert.equal(assertDates(accepted), 1);
    assert.match(accepted.TaskId, TASK);
    assert.equal(accepted.TaskArn,
      `arn:aws:partnercentral:us-east-1::catalog/${CATALOG}/engagement-by-accepting-invitation-task/${accepted.TaskId}`);
    assert.ok(Math.abs(accepted.StartTime.getTime() - Date.now()) < 300_000, "StartTime is not now");
    assert.equal(accepted.EngagementInvitationId, sent.Id);
    assert.match(accepted.OpportunityId, /^O[0-9]{1,19}$/);
    assert.notEqual(accepted.OpportunityId, oid);
    assert.match(accepted.ResourceSnapshotJobId, JOB);
    assert.notEqual(accepted.ResourceSnapshotJobId, task.ResourceSnapshotJobId);
    // Polling with the same token returns the same task.
    const again = await accept();
    assert.deepEqual([again.TaskId, again.StartTime.getTime()], [accepted.TaskId, accepted.StartTime.getTime()]);

    assert.equal((await sendB(sdk.GetEngagementInvitationCommand, { Catalog: CATALOG, Identifier: sent.Id })).Status, "ACCEPTED");
    // A's sent invitations of the engagement: B's, now ACCEPTED, and the one to AWS the task made.
    const bySender = await received("SENDER", pc);
    assert.deepEqual(bySender.filter((s) => s.Id === sent.Id).map((s) => [s.Status, s.Receiver]), [["ACCEPTED", inv.Receiver]]);
    assert.deepEqual(bySender.map((s) => s.Id).sort(), [sent.Id, task.EngagementInvitationId].sort());

    // B is a member: both see the same two members.
    const joined = await sendB(sdk.GetEngagementCommand, { Catalog: CATALOG, Identifier: engId });
    assertOk(joined);
    assertDates(joined);
    assert.deepEqual([joined.Id, joined.Title, joined.CreatedBy, joined.MemberCount, joined.ModifiedBy],
      [engId, engagement.Title, ACCOUNT, 2, B]);
    assert.equal(joined.CreatedAt.getTime(), engagement.CreatedAt.getTime());
    assert.ok(joined.ModifiedAt >= joined.CreatedAt);
    for (const client of [pc, pcB]) {
      assert.deepEqual((await members(client)).map((m) => m.AccountId).sort(), [ACCOUNT, B].sort());
    }
  });

  test("both read A's snapshot; B's opportunity comes from the invitation; B's job is Running", async () => {
    assert.ok(accepted, "B did not accept");
    assert.deepEqual(await revisions(pcB), [1]);
    first = await snapshot(pcB);
    assertOk(first);
    assert.equal(assertDates(first), 1);
    assert.deepEqual([first.Catalog, first.EngagementId, first.ResourceType, first.ResourceId,
      first.ResourceSnapshotTemplateName, first.Revision, first.CreatedBy],
    [CATALOG, engId, "Opportunity", oid, TEMPLATE, 1, ACCOUNT]);
    assert.ok(Math.abs(first.CreatedAt.getTime() - Date.now()) < 300_000, "snapshot CreatedAt is not now");
    const view = first.Payload.OpportunitySummary;
    assert.equal(view.Customer.Account.CompanyName, body.Customer.Account.CompanyName);
    assert.equal(view.Lifecycle.NextSteps, body.LifeCycle.NextSteps);
    assert.equal(view.Lifecycle.ReviewStatus, "Submitted");
    assert.deepEqual(view.Project.ExpectedCustomerSpend, body.Project.ExpectedCustomerSpend);
    assert.deepEqual(view.RelatedEntityIdentifiers.Solutions, [SOLUTION]);
    const mine = await snapshot(pc);
    assert.deepEqual([mine.Revision, mine.Payload, mine.CreatedAt.getTime()], [1, first.Payload, first.CreatedAt.getTime()]);

    const offer = inv.Payload.OpportunityInvitation;
    const oppB = await sendB(GetOpportunityCommand, { Catalog: CATALOG, Identifier: accepted.OpportunityId });
    assertDates(oppB);
    assert.equal(oppB.Arn, `arn:aws:partnercentral:us-east-1:${B}:catalog/${CATALOG}/opportunity/${accepted.OpportunityId}`);
    assert.deepEqual(oppB.Customer.Account, {
      CompanyName: offer.Customer.CompanyName, Industry: offer.Customer.Industry, WebsiteUrl: offer.Customer.WebsiteUrl,
      Address: { CountryCode: offer.Customer.CountryCode },
    });
    assert.equal(oppB.Project.Title, offer.Project.Title);
    assert.equal(oppB.Project.CustomerBusinessProblem, offer.Project.BusinessProblem);
    assert.deepEqual(oppB.Project.ExpectedCustomerSpend, offer.Project.ExpectedCustomerSpend);
    assert.equal(oppB.LifeCycle.TargetCloseDate, offer.Project.TargetCompletionDate);
    assert.equal(oppB.LifeCycle.ReviewStatus, "Submitted");
    assertDate(oppB.CreatedDate, "B's CreatedDate");
    assertDate(oppB.LastModifiedDate, "B's LastModifiedDate");

    const jobB = await sendB(sdk.GetResourceSnapshotJobCommand,
      { Catalog: CATALOG, ResourceSnapshotJobIdentifier: accepted.ResourceSnapshotJobId });
    assertOk(jobB);
    assertDates(jobB);
    assert.deepEqual([jobB.Id, jobB.Status, jobB.EngagementId, jobB.ResourceId],
      [accepted.ResourceSnapshotJobId, "Running", engId, accepted.OpportunityId]);
    assertDate(jobB.CreatedAt, "B's job CreatedAt");
    // Each partner's records stay its own.
    await notFound(send(GetOpportunityCommand, { Catalog: CATALOG, Identifier: accepted.OpportunityId }));
    await notFound(send(sdk.GetResourceSnapshotJobCommand,
      { Catalog: CATALOG, ResourceSnapshotJobIdentifier: accepted.ResourceSnapshotJobId }));
  });

  test("A's approval and update write new revisions that B reads", async () => {
    assert.ok(first, "B did not read the first revision");
    // The Sandbox's simulated review: A's opportunity is approved, and B's follows.
    const approve = updateFrom(await get(oid));
    approve.LifeCycle.ReviewStatus = "Approved";
    assertOk(await send(UpdateOpportunityCommand, approve));
    const oppB = await sendB(GetOpportunityCommand, { Catalog: CATALOG, Identifier: accepted.OpportunityId });
    assert.equal(oppB.LifeCycle.ReviewStatus, "Approved");

    const current = await get(oid);
    const change = updateFrom(current);
    change.LifeCycle.NextSteps = `Joint architecture workshop with partner B (${tag})`;
    const updated = await send(UpdateOpportunityCommand, change);
    assertOk(updated);
    assertDate(updated.LastModifiedDate, "LastModifiedDate");
    assert.ok(updated.LastModifiedDate > current.LastModifiedDate);

    assert.deepEqual(await revisions(pcB), [1, 2, 3]);
    const latest = await snapshot(pcB);
    assert.equal(assertDates(latest), 1);
    assert.equal(latest.Revision, 3);
    assert.ok(latest.CreatedAt >= first.CreatedAt);
    assert.equal(latest.Payload.OpportunitySummary.Lifecycle.NextSteps, change.LifeCycle.NextSteps);
    assert.equal(latest.Payload.OpportunitySummary.Lifecycle.ReviewStatus, "Approved");
    // Revisions are immutable: revision 1 still holds what was shared first.
    const old = await snapshot(pcB, { Revision: 1 });
    assert.deepEqual(old.Payload, first.Payload);
  });

  test("a member cannot be invited again, nor accept twice", async () => {
    assert.ok(accepted, "B did not accept");
    const count = () => sendB(sdk.GetEngagementCommand, { Catalog: CATALOG, Identifier: engId }).then((e) => e.MemberCount);
    const before = await count();
    await conflict(invite(randomUUID()));
    await conflict(sendB(sdk.StartEngagementByAcceptingInvitationTaskCommand,
      { Catalog: CATALOG, ClientToken: randomUUID(), Identifier: sent.Id }));
    assert.equal(await count(), before);
    const ids = (await members(pcB)).map((m) => m.AccountId);
    assert.ok(ids.includes(ACCOUNT) && ids.includes(B), JSON.stringify(ids));
    assert.equal(ids.length, before);
  });
});

// The one shared list of operations without dedicated tests (fixtures/operations_without_tests.json).
// "not_implemented" must answer 501: when one starts to work its test fails on purpose; move it.
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const withDates = (v) => (typeof v === "string" && ISO.test(v) ? new Date(v)
  : Array.isArray(v) ? v.map(withDates)
    : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withDates(x)])) : v);
const sharedList = fixture("operations_without_tests.json");

async function call(op, input) {
  const Command = sdk[`${op}Command`];
  assert.ok(Command, `the SDK has no ${op}Command`);
  try {
    return { out: await pc.send(new Command(withDates(input))) };
  } catch (err) {
    return { err };
  }
}

describe("not implemented yet", () => {
  for (const [op, input] of Object.entries(sharedList.not_implemented)) {
    test(`${op} answers 501 NotImplementedException`, async () => {
      const { err } = await call(op, input);
      assert.ok(err, `${op} succeeded: it is implemented now; move it in conformance/fixtures/operations_without_tests.json`);
      assert.equal(err.$metadata?.httpStatusCode, 501, `${op}: ${err.name}: ${err.message}`);
      assert.equal(err.name, "NotImplementedException");
      assert.ok(err instanceof PartnerCentralSellingServiceException);
      assert.equal(err.$fault, "server");
      assert.match(err.message, new RegExp(op));
      assert.equal(err.$metadata.attempts, 1, "the SDK retried the 501");
    });
  }
});

describe("implemented, without dedicated tests yet", () => {
  for (const [op, input] of Object.entries(sharedList.implemented_without_dedicated_tests)) {
    test(`${op}: the SDK parses the answer`, async () => {
      const { out, err } = await call(op, input);
      if (err) {
        const Class = sdk[err.name];
        assert.ok(Class && err instanceof Class && err instanceof PartnerCentralSellingServiceException,
          `${op}: ${err.name} is not one of the SDK's exception classes: ${err.message}`);
        assert.notEqual(err.$metadata.httpStatusCode, 501);
      } else {
        assertOk(out);
      }
    });
  }
});
