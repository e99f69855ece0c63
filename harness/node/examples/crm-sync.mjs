// The code under test of the example: a CRM sync that pushes deals to Partner Central.
//
// A deal becomes an opportunity of the partner's account (the deal id is the ClientToken,
// so a push retried is one opportunity), with the partner's solution, submitted to AWS; the
// sync reads AWS's review back into the CRM. It takes any PartnerCentralSellingClient: the
// tests give it one pointed at pcs.

import {
  AssociateOpportunityCommand,
  CreateOpportunityCommand,
  GetOpportunityCommand,
  SubmitOpportunityCommand,
  paginateListOpportunities,
} from "@aws-sdk/client-partnercentral-selling";

export class CRMSync {
  constructor(client, solutionId, catalog = "AWS") {
    this.pc = client;
    this.solutionId = solutionId;
    this.catalog = catalog;
  }

  // Create the deal's opportunity, attach the solution, submit it; resolves to its id.
  // Pushing a deal again finds its opportunity and leaves it as it is.
  async push(deal) {
    const close = new Date(Date.now() + 180 * 86400_000).toISOString().slice(0, 10);
    const { Id: id } = await this.pc.send(
      new CreateOpportunityCommand({
        Catalog: this.catalog,
        ClientToken: deal.id,
        PartnerOpportunityIdentifier: deal.id,
        PrimaryNeedsFromAws: ["Co-Sell - Technical Consultation"],
        Customer: {
          Account: {
            CompanyName: deal.company,
            Industry: "Retail",
            WebsiteUrl: deal.website,
            Address: { CountryCode: deal.country, PostalCode: deal.postalCode },
          },
        },
        LifeCycle: { TargetCloseDate: close },
        Project: {
          Title: `Migration of ${deal.company}`,
          CustomerBusinessProblem: "On-premises capacity runs out next year.",
          DeliveryModels: ["SaaS or PaaS"],
          SalesActivities: ["Initialized discussions with customer"],
          ExpectedCustomerSpend: [
            { Amount: deal.monthlySpend, CurrencyCode: "USD", Frequency: "Monthly", TargetCompany: "AWS" },
          ],
        },
      }),
    );
    if ((await this.review(id)).status !== "Pending Submission") return id; // pushed before
    await this.pc.send(
      new AssociateOpportunityCommand({
        Catalog: this.catalog,
        OpportunityIdentifier: id,
        RelatedEntityType: "Solutions",
        RelatedEntityIdentifier: this.solutionId,
      }),
    );
    await this.pc.send(
      new SubmitOpportunityCommand({ Catalog: this.catalog, Identifier: id, InvolvementType: "Co-Sell", Visibility: "Full" }),
    );
    return id;
  }

  // What the CRM shows of AWS's review.
  async review(id) {
    const { LifeCycle: life } = await this.pc.send(new GetOpportunityCommand({ Catalog: this.catalog, Identifier: id }));
    return { status: life.ReviewStatus, comments: life.ReviewComments };
  }

  // The CRM deal ids of this partner's opportunities.
  async pushed() {
    const ids = [];
    for await (const page of paginateListOpportunities({ client: this.pc }, { Catalog: this.catalog })) {
      for (const s of page.OpportunitySummaries) ids.push(s.PartnerOpportunityIdentifier);
    }
    return ids.sort();
  }
}
