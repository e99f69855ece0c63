package selling

import (
	"strings"

	"pcs/api"
)

// A lead's customer is free text (the newest model): its industry, segment
// and country need not be values of the service's enums. These helpers map
// them onto the enum-typed members of opportunities, customer projects and
// prospecting results.

// leadIndustry is a lead's industry as an account's: the industry itself
// when it is one of the service's, else Other with the lead's text as the
// OtherIndustry; nil for none.
func leadIndustry(industry *string) (*api.Industry, *string) {
	text := strings.TrimSpace(deref(industry))
	if text == "" {
		return nil, nil
	}
	if known := api.Industry(text); known.IsKnown() {
		return &known, nil
	}
	return ptr(api.IndustryOther), &text
}

// leadIndustryOnly is leadIndustry where there is no OtherIndustry to
// hold the text.
func leadIndustryOnly(industry *string) *api.Industry {
	known, _ := leadIndustry(industry)
	return known
}

// leadCountry is the country of a lead's address as a CountryCode; nil when
// the lead has no address, no country, or one that is not an ISO code the
// service knows.
func leadCountry(a *api.LeadAddress) *api.CountryCode {
	if a == nil {
		return nil
	}
	code := api.CountryCode(strings.ToUpper(strings.TrimSpace(deref(a.CountryCode))))
	if !code.IsKnown() {
		return nil
	}
	return &code
}

// leadMarketSegment is a lead's segment as the service's MarketSegment
// (empty when it is not one).
func leadMarketSegment(c *api.LeadCustomer) api.MarketSegment {
	seg := api.MarketSegment(deref(c.MarketSegment))
	if !seg.IsKnown() {
		return ""
	}
	return seg
}
