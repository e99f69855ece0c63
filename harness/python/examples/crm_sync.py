"""The code under test of the examples: a CRM sync that pushes deals to Partner Central.

A deal becomes an opportunity of the partner's account (the deal id is the ClientToken, so
a push retried is one opportunity), with the partner's solution, submitted to AWS; the sync
reads AWS's review back into the CRM. It takes any boto3 partnercentral-selling client: the
tests give it one pointed at pcs.
"""

import datetime
from dataclasses import dataclass


@dataclass
class Deal:
    id: str
    company: str
    website: str
    country: str
    postal_code: str
    monthly_spend: str


class CRMSync:
    def __init__(self, client, solution_id, catalog="AWS"):
        self.pc = client
        self.solution_id = solution_id
        self.catalog = catalog

    def push(self, deal):
        """Create the deal's opportunity, attach the solution, submit it; returns its id. Pushing
        a deal again finds its opportunity and leaves it as it is."""
        close = datetime.date.today() + datetime.timedelta(days=180)
        oid = self.pc.create_opportunity(
            Catalog=self.catalog, ClientToken=deal.id, PartnerOpportunityIdentifier=deal.id,
            PrimaryNeedsFromAws=["Co-Sell - Technical Consultation"],
            Customer={"Account": {"CompanyName": deal.company, "Industry": "Retail", "WebsiteUrl": deal.website,
                                  "Address": {"CountryCode": deal.country, "PostalCode": deal.postal_code}}},
            LifeCycle={"TargetCloseDate": close.isoformat()},
            Project={"Title": f"Migration of {deal.company}",
                     "CustomerBusinessProblem": "On-premises capacity runs out next year.",
                     "DeliveryModels": ["SaaS or PaaS"],
                     "SalesActivities": ["Initialized discussions with customer"],
                     "ExpectedCustomerSpend": [{"Amount": deal.monthly_spend, "CurrencyCode": "USD",
                                                "Frequency": "Monthly", "TargetCompany": "AWS"}]},
        )["Id"]
        if self.review(oid)[0] != "Pending Submission":
            return oid  # pushed before: the retry of a push that failed after the submit
        self.pc.associate_opportunity(Catalog=self.catalog, OpportunityIdentifier=oid,
                                      RelatedEntityType="Solutions", RelatedEntityIdentifier=self.solution_id)
        self.pc.submit_opportunity(Catalog=self.catalog, Identifier=oid, InvolvementType="Co-Sell",
                                   Visibility="Full")
        return oid

    def review(self, oid):
        """What the CRM shows of AWS's review: (status, comments)."""
        life = self.pc.get_opportunity(Catalog=self.catalog, Identifier=oid)["LifeCycle"]
        return life.get("ReviewStatus"), life.get("ReviewComments")

    def pushed(self):
        """The CRM deal ids of this partner's opportunities."""
        pages = self.pc.get_paginator("list_opportunities").paginate(Catalog=self.catalog)
        return sorted(s.get("PartnerOpportunityIdentifier") for page in pages for s in page["OpportunitySummaries"])
