// Package postal holds the service's postal-code business rule for
// Customer.Account.Address.PostalCode, keyed by the ISO 3166-1 alpha-2
// Customer.Account.Address.CountryCode (behavior.md §3.6).
//
// The rules come from AWS's published sample data
// (aws-samples/partner-crm-integration-samples opportunity-samples/
// PostalCodeValidations.csv and CountriesWithoutPostalCode.csv), which name
// countries by their Partner Central display names; the mapping to ISO codes
// is ours. Format notation: 9 and N are a digit, A is a letter, (x) is
// optional, (x/y) is an optional x or y, | separates alternatives, anything
// else is literal.
package postal

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Rule is what a country requires of a postal code.
//
// Presence and format are separate so callers can report them separately:
// Required/Forbidden say whether a value must or must not be sent, Valid and
// InvalidMessage only concern the format of a value that was sent.
type Rule struct {
	// Country is the Partner Central display name, as the service's message
	// spells it; "" for countries the published rules do not list.
	Country string
	// Required: a postal code must be sent (every country except those
	// without postal codes, including the unlisted ones).
	Required bool
	// Forbidden: the country has no postal codes and the value must be
	// omitted.
	Forbidden bool
	// Format is the published format in the notation above, alternatives
	// joined by "|"; "" when the value is not format-checked.
	Format string
	// Wording is Format as the service's message words it (alternatives
	// joined by " OR " or " or ", inconsistently, as published); "" means
	// the message uses Format.
	Wording string

	re *regexp.Regexp // compiled Format (or its pattern override); nil for hand-built Rules
}

// Lookup returns the rule for an ISO alpha-2 country code as the model's
// CountryCode enum spells it (upper case). Codes the published lists do not
// name get Required and no format check: the service publishes no format
// for them (behavior.md §3.6, inferred).
func Lookup(countryCode string) Rule {
	if r, ok := rules[countryCode]; ok {
		return r
	}
	return Rule{Required: true}
}

// Valid reports whether postalCode has the rule's format. Surrounding
// whitespace is ignored (the formats only constrain inner spaces, and nothing
// published says padding is rejected) and letters match in either case.
// A rule without a Format accepts anything; presence is the job of
// Required and Forbidden. A malformed Format on a hand-built Rule matches
// nothing.
func (r Rule) Valid(postalCode string) bool {
	if r.Format == "" {
		return true
	}
	re := r.re
	if re == nil {
		re = compileCached(r.Format)
		if re == nil {
			return false
		}
	}
	return re.MatchString(strings.TrimSpace(postalCode))
}

// InvalidMessage is the service's message for a postal code that fails
// Valid, e.g. "The postal code is invalid for country United States, United
// States postal code must be in 99999 OR 99999-9999 format.". It is "" for
// rules without a Format, for which no message is published.
func (r Rule) InvalidMessage() string {
	if r.Format == "" {
		return ""
	}
	w := r.Wording
	if w == "" {
		w = r.Format
	}
	return fmt.Sprintf("The postal code is invalid for country %s, %s postal code must be in %s format.", r.Country, r.Country, w)
}

// translate turns a format into an anchored, case-insensitive regexp. It is
// generated rather than hand-written per country so the table stays a copy
// of the published formats.
func translate(format string) (string, error) {
	var alts []string
	for _, alt := range strings.Split(format, "|") {
		var b strings.Builder
		for i := 0; i < len(alt); i++ {
			c := alt[i]
			switch c {
			case '(':
				end := strings.IndexByte(alt[i:], ')')
				if end < 0 {
					return "", errors.New("postal: unclosed ( in format " + format)
				}
				inner := alt[i+1 : i+end]
				if inner == "" || strings.ContainsAny(inner, "()") {
					return "", errors.New("postal: bad group in format " + format)
				}
				var opts []string
				for _, o := range strings.Split(inner, "/") {
					opts = append(opts, atoms(o))
				}
				b.WriteString("(?:" + strings.Join(opts, "|") + ")?")
				i += end
			case ')':
				return "", errors.New("postal: unopened ) in format " + format)
			default:
				b.WriteString(atoms(string(c)))
			}
		}
		alts = append(alts, b.String())
	}
	return `^(?i:` + strings.Join(alts, "|") + `)$`, nil
}

// atoms translates a group-free piece of a format.
func atoms(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '9', 'N':
			b.WriteString("[0-9]")
		case 'A':
			b.WriteString("[A-Z]") // case-insensitive via (?i)
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return b.String()
}

var adhoc sync.Map // format -> *regexp.Regexp (nil when malformed), for hand-built Rules

func compileCached(format string) *regexp.Regexp {
	if v, ok := adhoc.Load(format); ok {
		return v.(*regexp.Regexp)
	}
	var re *regexp.Regexp
	if expr, err := translate(format); err == nil {
		re, _ = regexp.Compile(expr)
	}
	adhoc.Store(format, re)
	return re
}

// rules is the table below, compiled once.
var rules = buildRules()

func buildRules() map[string]Rule {
	m := make(map[string]Rule)
	add := func(c country, r Rule) {
		if c.code == "" {
			return
		}
		if _, dup := m[c.code]; dup {
			panic("postal: duplicate country code " + c.code)
		}
		r.Country = c.spec
		if c.display != "" {
			r.Country = c.display
		}
		m[c.code] = r
	}
	for _, g := range withFormat {
		for _, c := range g.countries {
			pattern := g.format
			if c.pattern != "" {
				pattern = c.pattern
			}
			expr, err := translate(pattern)
			if err != nil {
				panic(err)
			}
			add(c, Rule{Required: true, Format: g.format, Wording: c.wording, re: regexp.MustCompile(expr)})
		}
	}
	for _, c := range withoutPostalCode {
		add(c, Rule{Forbidden: true})
	}
	return m
}

// country is one row of the published lists.
type country struct {
	code    string // ISO alpha-2; "" when no CountryCode enum value takes this row
	spec    string // name as behavior.md §3.6 lists it
	display string // Partner Central display name, when it differs from spec
	wording string // format as the message words it, when it differs from the format
	pattern string // what translate reads, when the published format is not literally a pattern
}

// withFormat lists the countries with a postal-code format, grouped as in
// behavior.md §3.6.
var withFormat = []struct {
	format    string
	countries []country
}{
	{"99999", []country{
		{code: "AX", spec: "Aland Islands"},
		{code: "DZ", spec: "Algeria"},
		{code: "BT", spec: "Bhutan"},
		{code: "BA", spec: "Bosnia and Herzegovina"},
		{code: "KH", spec: "Cambodia"},
		{code: "TD", spec: "Chad"},
		{code: "HR", spec: "Croatia"},
		{code: "CU", spec: "Cuba"},
		{code: "DO", spec: "Dominican Republic"},
		{code: "EG", spec: "Egypt"},
		{code: "EE", spec: "Estonia"},
		{code: "FI", spec: "Finland"},
		{code: "FR", spec: "France"},
		{code: "DE", spec: "Germany"},
		{code: "GU", spec: "Guam"},
		{code: "GT", spec: "Guatemala"},
		{code: "HN", spec: "Honduras"},
		{code: "ID", spec: "Indonesia"},
		{code: "IQ", spec: "Iraq"},
		{code: "IT", spec: "Italy"},
		{code: "JO", spec: "Jordan"},
		{code: "KE", spec: "Kenya"},
		{code: "KR", spec: "Korea"},
		{code: "KW", spec: "Kuwait"},
		{code: "LA", spec: "Lao PDR", display: "Lao People's Democratic Republic"},
		{code: "MY", spec: "Malaysia"},
		{code: "MH", spec: "Marshall Islands"},
		{code: "MX", spec: "Mexico"},
		{code: "MN", spec: "Mongolia"},
		{code: "ME", spec: "Montenegro"},
		{code: "MA", spec: "Morocco"},
		{code: "MM", spec: "Myanmar"},
		{code: "NA", spec: "Namibia"},
		{code: "NP", spec: "Nepal"},
		{code: "NI", spec: "Nicaragua"},
		{code: "MP", spec: "Northern Mariana Islands"},
		{code: "PK", spec: "Pakistan"},
		{code: "PW", spec: "Palau"},
		{code: "PE", spec: "Peru"},
		{code: "PR", spec: "Puerto Rico"},
		{code: "SN", spec: "Senegal"},
		{code: "RS", spec: "Serbia"},
		// CS is not in the CountryCode enum; Serbia (RS) and Montenegro
		// (ME) carry the same format.
		{code: "", spec: "Serbia and Montenegro"},
		{code: "SS", spec: "South Sudan"},
		{code: "ES", spec: "Spain"},
		{code: "LK", spec: "Sri Lanka"},
		{code: "SD", spec: "Sudan"},
		{code: "TW", spec: "Taiwan"},
		{code: "TH", spec: "Thailand"},
		{code: "TR", spec: "Turkey"},
		{code: "UA", spec: "Ukraine"},
		{code: "UY", spec: "Uruguay"},
		{code: "VI", spec: "US Virgin Islands", display: "VIRGIN ISLANDS, U.S."},
		{code: "ZM", spec: "Zambia"},
	}},
	{"9999", []country{
		{code: "AF", spec: "Afghanistan"},
		{code: "AL", spec: "Albania"},
		{code: "AM", spec: "Armenia"},
		{code: "AU", spec: "Australia"},
		{code: "AT", spec: "Austria"},
		{code: "BD", spec: "Bangladesh"},
		{code: "BG", spec: "Bulgaria"},
		{code: "CV", spec: "Cape Verde"},
		{code: "CX", spec: "Christmas Island"},
		{code: "CC", spec: "Cocos (Keeling) Islands"},
		{code: "CY", spec: "Cyprus"},
		{code: "DK", spec: "Denmark"},
		{code: "ET", spec: "Ethiopia"},
		{code: "GE", spec: "Georgia"},
		{code: "GL", spec: "Greenland"},
		{code: "GW", spec: "Guinea-Bissau"},
		{code: "HT", spec: "Haiti"},
		{code: "HU", spec: "Hungary"},
		{code: "LR", spec: "Liberia"},
		{code: "LI", spec: "Liechtenstein"},
		{code: "LU", spec: "Luxembourg"},
		{code: "MK", spec: "North Macedonia", display: "Macedonia, The former Yugoslav Republic Of"},
		{code: "MZ", spec: "Mozambique"},
		{code: "NZ", spec: "New Zealand"},
		{code: "NE", spec: "Niger"},
		{code: "NF", spec: "Norfolk Island"},
		{code: "NO", spec: "Norway"},
		{code: "PY", spec: "Paraguay"},
		{code: "PH", spec: "Philippines"},
		{code: "ZA", spec: "South Africa"},
		{code: "SJ", spec: "Svalbard and Jan Mayen"},
		{code: "CH", spec: "Switzerland"},
		{code: "TN", spec: "Tunisia"},
	}},
	{"999999", []country{
		{code: "CN", spec: "China"},
		{code: "CO", spec: "Colombia"},
		{code: "EC", spec: "Ecuador"},
		{code: "KZ", spec: "Kazakhstan"},
		{code: "KG", spec: "Kyrgyzstan"},
		{code: "NG", spec: "Nigeria"},
		{code: "PA", spec: "Panama"},
		{code: "RO", spec: "Romania"},
		{code: "SG", spec: "Singapore"},
		{code: "TJ", spec: "Tajikistan"},
		{code: "TT", spec: "Trinidad and Tobago"},
		{code: "TM", spec: "Turkmenistan"},
		{code: "VN", spec: "Viet Nam"},
	}},
	{"999", []country{
		{code: "FO", spec: "Faroe Islands"},
		{code: "IS", spec: "Iceland"},
		{code: "LS", spec: "Lesotho"},
		{code: "MG", spec: "Madagascar"},
		{code: "OM", spec: "Oman"},
		{code: "PG", spec: "Papua New Guinea"},
	}},
	// Two-alternative/special formats.
	{"9999|99999", []country{
		{code: "CR", spec: "Costa Rica", wording: "9999 or 99999"},
		{code: "MV", spec: "Maldives", wording: "9999 OR 99999"},
	}},
	{"999 99|99999", []country{
		{code: "CZ", spec: "Czech Republic", wording: "999 99 or 99999"},
		{code: "SK", spec: "Slovakia", wording: "999 99 or 99999"},
	}},
	{"99999|999 99", []country{{code: "GR", spec: "Greece", wording: "99999 OR 999 99"}}},
	{"99999|99999-999", []country{{code: "BR", spec: "Brazil", wording: "99999 OR 99999-999"}}},
	{"999999|999 999", []country{{code: "IN", spec: "India", wording: "999999 OR 999 999"}}},
	{"99999|9999999", []country{{code: "IL", spec: "Israel", wording: "99999 OR 9999999"}}},
	{"9999999|999-9999", []country{{code: "JP", spec: "Japan", wording: "9999999 OR 999-9999"}}},
	{"999|9999", []country{{code: "BH", spec: "Bahrain", wording: "999 OR 9999"}}},
	{"9999|9999-999", []country{{code: "PT", spec: "Portugal", wording: "9999 OR 9999-999"}}},
	{"99-999", []country{{code: "PL", spec: "Poland"}}},
	{"99999-9999", []country{{code: "SA", spec: "Saudi Arabia"}}},
	{"99999|99999-9999", []country{{code: "US", spec: "United States", wording: "99999 OR 99999-9999"}}},
	{"99999|LT-99999", []country{{code: "LT", spec: "Lithuania", wording: "99999 or LT-99999"}}},
	{"B-9999|9999", []country{{code: "BE", spec: "Belgium", wording: "B-9999 or 9999"}}},
	{"S-99999|SE-99999|99999|999 99", []country{{code: "SE", spec: "Sweden", wording: "S-99999 OR SE-99999 OR 99999 OR 999 99"}}},
	// "AC" stands for two letters (Dutch postcodes are 1234 AB).
	{"9999 AC|9999AC", []country{{code: "NL", spec: "Netherlands", wording: "9999 AC or 9999AC", pattern: "9999 AA|9999AA"}}},
	{"A9A 9A9|A9A9A9", []country{{code: "CA", spec: "Canada", wording: "A9A 9A9 or A9A9A9"}}},
	{"A99 9A9A|A999A9A", []country{{code: "IE", spec: "Ireland", wording: "A99 9A9A or A999A9A"}}},
	{"AAA 9999|AAA9999", []country{{code: "MT", spec: "Malta", wording: "AAA 9999 or AAA9999"}}},
	{"AA 99|AA AA", []country{{code: "BM", spec: "Bermuda", wording: "AA 99 OR AA AA"}}},
	{"A(A)N(A/N)NAA|A(A)N(A/N) NAA", []country{{code: "GB", spec: "United Kingdom", wording: "A(A)N(A/N)NAA OR A(A)N(A/N) NAA"}}},
	// GB is United Kingdom's: Partner Central also lists a legacy "Great
	// Britain" whose "format" is two example postcodes, which the UK
	// pattern accepts.
	{"DT3 6GB|L2 2DP", []country{{code: "", spec: "Great Britain", wording: "DT3 6GB OR L2 2DP"}}},
	{"KB9999", []country{{code: "BN", spec: "Brunei", display: "Brunei Darussalam"}}},
	{"VC9999", []country{{code: "VC", spec: "St Vincent & Grenadines", display: "Saint Vincent and the Grenadines"}}},
	{"M999", []country{{code: "SZ", spec: "Swaziland"}}},
	{"99", []country{{code: "JM", spec: "Jamaica"}}},
	{"120", []country{{code: "VA", spec: "Holy See", display: "Holy See (Vatican City State)"}}},
	{"1101", []country{{code: "SV", spec: "El Salvador"}}},
	{"4789N", []country{{code: "SM", spec: "San Marino"}}},
	{"97133", []country{{code: "BL", spec: "Saint Barthelemy"}}},
	// The inner space is in the published message.
	{"97150", []country{{code: "MF", spec: "Saint Martin", display: "Saint Martin (French Part )"}}},
	{"97500", []country{{code: "PM", spec: "Saint Pierre & Miquelon", display: "Saint Pierre and Miquelon"}}},
	{"971NN", []country{{code: "GP", spec: "Guadeloupe"}}},
	{"972NN", []country{{code: "MQ", spec: "Martinique"}}},
	{"973NN", []country{{code: "GF", spec: "French Guiana"}}},
	{"974NN", []country{{code: "RE", spec: "Reunion"}}},
	{"976NN", []country{{code: "YT", spec: "Mayotte"}}},
	{"980NN", []country{{code: "MC", spec: "Monaco"}}},
	{"986NN", []country{{code: "WF", spec: "Wallis & Futuna", display: "Wallis and Futuna"}}},
	{"987NN", []country{{code: "PF", spec: "French Polynesia"}}},
	{"988NN", []country{{code: "NC", spec: "New Caledonia"}}},
}

// withoutPostalCode lists the countries whose postal code must be omitted.
var withoutPostalCode = []country{
	{code: "AO", spec: "Angola"},
	{code: "AG", spec: "Antigua and Barbuda", display: "Antigua And Barbuda"},
	{code: "AW", spec: "Aruba"},
	{code: "BS", spec: "Bahamas"},
	{code: "BZ", spec: "Belize"},
	{code: "BJ", spec: "Benin"},
	{code: "BO", spec: "Bolivia"},
	{code: "BQ", spec: "Bonaire/Sint Eustatius/Saba", display: "Bonaire,Sint Eustatius and Saba"},
	{code: "BW", spec: "Botswana"},
	{code: "BF", spec: "Burkina Faso"},
	{code: "BI", spec: "Burundi"},
	{code: "CM", spec: "Cameroon"},
	{code: "CF", spec: "Central African Republic"},
	{code: "KM", spec: "Comoros"},
	{code: "CG", spec: "Congo"}, // the Republic; the Democratic Republic (CD) is unlisted
	{code: "CK", spec: "Cook Islands"},
	{code: "CI", spec: "Cote d'Ivoire"},
	{code: "CW", spec: "Curacao"},
	{code: "DJ", spec: "Djibouti"},
	{code: "DM", spec: "Dominica"},
	{code: "GQ", spec: "Equatorial Guinea"},
	{code: "ER", spec: "Eritrea"},
	{code: "FJ", spec: "Fiji"},
	{code: "TF", spec: "French Southern Territories"},
	{code: "GM", spec: "Gambia"},
	{code: "GH", spec: "Ghana"},
	{code: "GD", spec: "Grenada"},
	{code: "GY", spec: "Guyana"},
	{code: "HM", spec: "Heard & McDonald Islands", display: "Heard Island and McDonald Islands"},
	{code: "HK", spec: "Hong Kong"},
	{code: "KI", spec: "Kiribati"},
	{code: "LY", spec: "Libya", display: "Libyan Arab Jamahiriya"},
	{code: "MO", spec: "Macao", display: "MACAO"},
	{code: "MW", spec: "Malawi"},
	{code: "ML", spec: "Mali"},
	{code: "MR", spec: "Mauritania"},
	{code: "NR", spec: "Nauru"},
	{code: "AN", spec: "Netherlands Antilles"},
	{code: "NU", spec: "Niue"},
	{code: "QA", spec: "Qatar"},
	{code: "RW", spec: "Rwanda"},
	{code: "SH", spec: "Saint Helena/Ascension/Tristan da Cunha", display: "Saint Helena, Ascension and  Tristan Da Cunha"},
	{code: "KN", spec: "Saint Kitts and Nevis"},
	{code: "ST", spec: "Sao Tome and Principe"},
	{code: "SC", spec: "Seychelles"},
	{code: "SL", spec: "Sierra Leone"},
	{code: "SB", spec: "Solomon Islands"},
	{code: "SR", spec: "Suriname"},
	{code: "SY", spec: "Syria", display: "Syrian Arab Republic"},
	{code: "TL", spec: "Timor-Leste"},
	{code: "TG", spec: "Togo"},
	{code: "TK", spec: "Tokelau"},
	{code: "TO", spec: "Tonga"},
	{code: "TV", spec: "Tuvalu"},
	{code: "UG", spec: "Uganda"},
	{code: "AE", spec: "United Arab Emirates"},
	{code: "VU", spec: "Vanuatu"},
	{code: "YE", spec: "Yemen"},
	{code: "ZW", spec: "Zimbabwe"},
}
