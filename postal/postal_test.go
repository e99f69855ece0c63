package postal

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	cases := []struct {
		code string
		good []string
		bad  []string
	}{
		{code: "US", good: []string{"98109", "98109-5210", " 10001 "}, bad: []string{"", "9810", "981095210", "98109-521", "98109 5210", "ABCDE"}},
		{code: "CA", good: []string{"K1A 0B1", "K1A0B1", "m5v 3l9"}, bad: []string{"K1A  0B1", "K1A-0B1", "11A 0B1", "K1A 0B"}},
		{code: "GB", good: []string{"SW1A 1AA", "M1 1AE", "DT3 6GB", "L2 2DP", "EC1A 1BB", "W1A 0AX", "B33 8TH", "CR2 6XH", "SW1A1AA", "dt36gb"},
			bad: []string{"SW1A 1A", "SW1A 1AAA", "12345", "1W1A 1AA", "SW1A  1AA"}},
		{code: "NL", good: []string{"1012 AB", "1012AB", "1012 ac"}, bad: []string{"1012 A1", "101 AB", "1012-AB", "1012"}},
		// The published format rejects many real Eircodes (e.g. D02 AF30);
		// we follow the published rule.
		{code: "IE", good: []string{"D02 4X8F", "D024X8F"}, bad: []string{"D02 AF30", "D02", "D02-4X8F"}},
		{code: "JP", good: []string{"100-0001", "1000001"}, bad: []string{"100 0001", "100-001", "10000001"}},
		{code: "BR", good: []string{"01310-100", "01310"}, bad: []string{"01310100", "0131-0100", "01310-10"}},
		{code: "PL", good: []string{"00-950"}, bad: []string{"00950", "00 950", "0-0950"}},
		{code: "SE", good: []string{"S-11455", "SE-11455", "11455", "114 55", "se-11455"}, bad: []string{"S 11455", "S-114 55", "1145", "SE11455"}},
		{code: "PT", good: []string{"1000-001", "1000"}, bad: []string{"1000001", "1000-01"}},
		{code: "SA", good: []string{"12345-6789"}, bad: []string{"12345"}},
		{code: "LT", good: []string{"LT-01100", "01100"}, bad: []string{"LT01100", "LV-01100"}},
		{code: "BE", good: []string{"B-1000", "1000"}, bad: []string{"B1000", "10000"}},
		{code: "CZ", good: []string{"110 00", "11000"}, bad: []string{"1100", "110-00"}},
		{code: "GR", good: []string{"105 57", "10557"}, bad: []string{"1055"}},
		{code: "IN", good: []string{"110001", "110 001"}, bad: []string{"11001", "110-001"}},
		{code: "IL", good: []string{"61000", "6100000"}, bad: []string{"610000"}},
		{code: "BH", good: []string{"317", "1003"}, bad: []string{"31", "10033"}},
		{code: "CR", good: []string{"1000", "10101"}, bad: []string{"101010"}},
		{code: "MT", good: []string{"VLT 1117", "VLT1117"}, bad: []string{"VL 1117", "VLT 117"}},
		{code: "BM", good: []string{"HM 12", "HM HX"}, bad: []string{"HM12", "H 12"}},
		{code: "BN", good: []string{"KB1234"}, bad: []string{"BS8811", "KB123"}},
		{code: "VC", good: []string{"VC0100"}, bad: []string{"VC100"}},
		{code: "SZ", good: []string{"M200"}, bad: []string{"H100", "200"}},
		{code: "JM", good: []string{"12"}, bad: []string{"1", "123"}},
		{code: "VA", good: []string{"120"}, bad: []string{"00120", "121"}},
		{code: "SV", good: []string{"1101"}, bad: []string{"1102"}},
		{code: "SM", good: []string{"47890", "47899"}, bad: []string{"47900", "4789"}},
		{code: "BL", good: []string{"97133"}, bad: []string{"97134"}},
		{code: "MF", good: []string{"97150"}, bad: []string{"97151"}},
		{code: "PM", good: []string{"97500"}, bad: []string{"97501"}},
		{code: "GP", good: []string{"97110", "97100"}, bad: []string{"97200", "9711", "971100"}},
		{code: "MQ", good: []string{"97200"}, bad: []string{"97110"}},
		{code: "GF", good: []string{"97300"}, bad: []string{"97400"}},
		{code: "RE", good: []string{"97400"}, bad: []string{"97300"}},
		{code: "YT", good: []string{"97600"}, bad: []string{"97500"}},
		{code: "MC", good: []string{"98000"}, bad: []string{"98100"}},
		{code: "WF", good: []string{"98600"}, bad: []string{"98700"}},
		{code: "PF", good: []string{"98714"}, bad: []string{"98814"}},
		{code: "NC", good: []string{"98800"}, bad: []string{"98700"}},
		{code: "IS", good: []string{"101"}, bad: []string{"1010", "10"}},
		{code: "AU", good: []string{"2000"}, bad: []string{"200", "20000"}},
		{code: "CH", good: []string{"8001"}, bad: []string{"CH-8001"}},
		{code: "SG", good: []string{"018956"}, bad: []string{"18956"}},
		{code: "CN", good: []string{"100000"}, bad: []string{"1000000"}},
		{code: "DE", good: []string{"10115"}, bad: []string{"1011", "D-10115"}},
		{code: "KR", good: []string{"03187"}, bad: []string{"110-062"}},
		{code: "LA", good: []string{"01000"}, bad: []string{"0100"}},
		{code: "VN", good: []string{"100000"}, bad: []string{"10000"}},
	}
	for _, c := range cases {
		r := Lookup(c.code)
		if !r.Required || r.Forbidden || r.Format == "" {
			t.Errorf("%s: Lookup = %+v, want a required, format-checked rule", c.code, r)
			continue
		}
		for _, pc := range c.good {
			if !r.Valid(pc) {
				t.Errorf("%s: Valid(%q) = false, want true (format %s)", c.code, pc, r.Format)
			}
		}
		for _, pc := range c.bad {
			if r.Valid(pc) {
				t.Errorf("%s: Valid(%q) = true, want false (format %s)", c.code, pc, r.Format)
			}
		}
	}
}

func TestWithoutPostalCode(t *testing.T) {
	for _, code := range []string{"AE", "HK", "AN", "SH", "CI", "MO", "BQ", "HM", "TF", "CG", "LY", "SY"} {
		r := Lookup(code)
		if !r.Forbidden || r.Required || r.Format != "" || r.Country == "" {
			t.Errorf("%s: Lookup = %+v, want Forbidden with a country name and no format", code, r)
		}
		if r.InvalidMessage() != "" {
			t.Errorf("%s: InvalidMessage = %q, want none", code, r.InvalidMessage())
		}
	}
}

func TestUnlisted(t *testing.T) {
	for _, code := range []string{"AR", "CD", "RU", "UM", "", "ZZ", "us"} {
		r := Lookup(code)
		if r != (Rule{Required: true}) {
			t.Errorf("%q: Lookup = %+v, want Required only", code, r)
		}
		if !r.Valid("anything at all") || !r.Valid("") {
			t.Errorf("%q: unlisted country should not be format-checked", code)
		}
		if r.InvalidMessage() != "" {
			t.Errorf("%q: InvalidMessage = %q, want none", code, r.InvalidMessage())
		}
	}
}

// The expected texts are copied from PostalCodeValidations.csv.
func TestInvalidMessage(t *testing.T) {
	cases := map[string]string{
		"US": "The postal code is invalid for country United States, United States postal code must be in 99999 OR 99999-9999 format.",
		"DE": "The postal code is invalid for country Germany, Germany postal code must be in 99999 format.",
		"NL": "The postal code is invalid for country Netherlands, Netherlands postal code must be in 9999 AC or 9999AC format.",
		"GB": "The postal code is invalid for country United Kingdom, United Kingdom postal code must be in A(A)N(A/N)NAA OR A(A)N(A/N) NAA format.",
		"SE": "The postal code is invalid for country Sweden, Sweden postal code must be in S-99999 OR SE-99999 OR 99999 OR 999 99 format.",
		"CR": "The postal code is invalid for country Costa Rica, Costa Rica postal code must be in 9999 or 99999 format.",
		"MV": "The postal code is invalid for country Maldives, Maldives postal code must be in 9999 OR 99999 format.",
		"LA": "The postal code is invalid for country Lao People's Democratic Republic, Lao People's Democratic Republic postal code must be in 99999 format.",
		"MF": "The postal code is invalid for country Saint Martin (French Part ), Saint Martin (French Part ) postal code must be in 97150 format.",
		"MK": "The postal code is invalid for country Macedonia, The former Yugoslav Republic Of, Macedonia, The former Yugoslav Republic Of postal code must be in 9999 format.",
		"VI": "The postal code is invalid for country VIRGIN ISLANDS, U.S., VIRGIN ISLANDS, U.S. postal code must be in 99999 format.",
		"VA": "The postal code is invalid for country Holy See (Vatican City State), Holy See (Vatican City State) postal code must be in 120 format.",
		"GP": "The postal code is invalid for country Guadeloupe, Guadeloupe postal code must be in 971NN format.",
	}
	for code, want := range cases {
		if got := Lookup(code).InvalidMessage(); got != want {
			t.Errorf("%s:\n got %q\nwant %q", code, got, want)
		}
	}
}

// Hand-built rules are compiled on demand; a malformed format matches nothing.
func TestHandBuiltRule(t *testing.T) {
	r := Rule{Country: "Testland", Required: true, Format: "AA-9(9)"}
	for pc, want := range map[string]bool{"ab-1": true, "AB-12": true, "AB-123": false, "A-1": false} {
		if got := r.Valid(pc); got != want {
			t.Errorf("Valid(%q) = %v, want %v", pc, got, want)
		}
	}
	if got, want := r.InvalidMessage(), "The postal code is invalid for country Testland, Testland postal code must be in AA-9(9) format."; got != want {
		t.Errorf("InvalidMessage = %q, want %q", got, want)
	}
	for _, f := range []string{"99(9", "99)9", "9(9(9))", "()"} {
		if _, err := translate(f); err == nil {
			t.Errorf("translate(%q) succeeded, want error", f)
		}
		if (Rule{Format: f}).Valid("999") {
			t.Errorf("malformed format %q matched", f)
		}
	}
}

// Every format accepts a code built from it: catches translator bugs and
// typos in the table.
func TestEveryFormatAcceptsItsExample(t *testing.T) {
	example := strings.NewReplacer("(A/N)", "", "(A)", "", "9", "5", "N", "7", "A", "K")
	for _, g := range withFormat {
		for _, c := range g.countries {
			if c.code == "" {
				continue
			}
			r := Lookup(c.code)
			for _, alt := range strings.Split(g.format, "|") {
				if pc := example.Replace(alt); !r.Valid(pc) {
					t.Errorf("%s: Valid(%q) = false for format %q", c.code, pc, alt)
				}
			}
		}
	}
}

// The lists below are copied verbatim from behavior.md §3.6.
var specLists = map[string]string{
	"99999":  "Aland Islands, Algeria, Bhutan, Bosnia and Herzegovina, Cambodia, Chad, Croatia, Cuba, Dominican Republic, Egypt, Estonia, Finland, France, Germany, Guam, Guatemala, Honduras, Indonesia, Iraq, Italy, Jordan, Kenya, Korea, Kuwait, Lao PDR, Malaysia, Marshall Islands, Mexico, Mongolia, Montenegro, Morocco, Myanmar, Namibia, Nepal, Nicaragua, Northern Mariana Islands, Pakistan, Palau, Peru, Puerto Rico, Senegal, Serbia, Serbia and Montenegro, South Sudan, Spain, Sri Lanka, Sudan, Taiwan, Thailand, Turkey, Ukraine, Uruguay, US Virgin Islands, Zambia",
	"9999":   "Afghanistan, Albania, Armenia, Australia, Austria, Bangladesh, Bulgaria, Cape Verde, Christmas Island, Cocos (Keeling) Islands, Cyprus, Denmark, Ethiopia, Georgia, Greenland, Guinea-Bissau, Haiti, Hungary, Liberia, Liechtenstein, Luxembourg, North Macedonia, Mozambique, New Zealand, Niger, Norfolk Island, Norway, Paraguay, Philippines, South Africa, Svalbard and Jan Mayen, Switzerland, Tunisia",
	"999999": "China, Colombia, Ecuador, Kazakhstan, Kyrgyzstan, Nigeria, Panama, Romania, Singapore, Tajikistan, Trinidad and Tobago, Turkmenistan, Viet Nam",
	"999":    "Faroe Islands, Iceland, Lesotho, Madagascar, Oman, Papua New Guinea",
	// "Two-alternative/special formats", one country per entry.
	"9999|99999":                    "Costa Rica, Maldives",
	"999 99|99999":                  "Czech Republic, Slovakia",
	"99999|999 99":                  "Greece",
	"99999|99999-999":               "Brazil",
	"999999|999 999":                "India",
	"99999|9999999":                 "Israel",
	"9999999|999-9999":              "Japan",
	"999|9999":                      "Bahrain",
	"9999|9999-999":                 "Portugal",
	"99-999":                        "Poland",
	"99999-9999":                    "Saudi Arabia",
	"99999|99999-9999":              "United States",
	"99999|LT-99999":                "Lithuania",
	"B-9999|9999":                   "Belgium",
	"S-99999|SE-99999|99999|999 99": "Sweden",
	"9999 AC|9999AC":                "Netherlands",
	"A9A 9A9|A9A9A9":                "Canada",
	"A99 9A9A|A999A9A":              "Ireland",
	"AAA 9999|AAA9999":              "Malta",
	"AA 99|AA AA":                   "Bermuda",
	"A(A)N(A/N)NAA|A(A)N(A/N) NAA":  "United Kingdom",
	"DT3 6GB|L2 2DP":                "Great Britain",
	"KB9999":                        "Brunei",
	"VC9999":                        "St Vincent & Grenadines",
	"M999":                          "Swaziland",
	"99":                            "Jamaica",
	"120":                           "Holy See",
	"1101":                          "El Salvador",
	"4789N":                         "San Marino",
	"97133":                         "Saint Barthelemy",
	"97150":                         "Saint Martin",
	"97500":                         "Saint Pierre & Miquelon",
	"971NN":                         "Guadeloupe",
	"972NN":                         "Martinique",
	"973NN":                         "French Guiana",
	"974NN":                         "Reunion",
	"976NN":                         "Mayotte",
	"980NN":                         "Monaco",
	"986NN":                         "Wallis & Futuna",
	"987NN":                         "French Polynesia",
	"988NN":                         "New Caledonia",
	// Countries without postal codes.
	"": "Angola, Antigua and Barbuda, Aruba, Bahamas, Belize, Benin, Bolivia, Bonaire/Sint Eustatius/Saba, Botswana, Burkina Faso, Burundi, Cameroon, Central African Republic, Comoros, Congo, Cook Islands, Cote d'Ivoire, Curacao, Djibouti, Dominica, Equatorial Guinea, Eritrea, Fiji, French Southern Territories, Gambia, Ghana, Grenada, Guyana, Heard & McDonald Islands, Hong Kong, Kiribati, Libya, Macao, Malawi, Mali, Mauritania, Nauru, Netherlands Antilles, Niue, Qatar, Rwanda, Saint Helena/Ascension/Tristan da Cunha, Saint Kitts and Nevis, Sao Tome and Principe, Seychelles, Sierra Leone, Solomon Islands, Suriname, Syria, Timor-Leste, Togo, Tokelau, Tonga, Tuvalu, Uganda, United Arab Emirates, Vanuatu, Yemen, Zimbabwe",
}

// Spec names that deliberately get no code.
var unmapped = map[string]string{
	"Serbia and Montenegro": "CS is not in the CountryCode enum",
	"Great Britain":         "GB takes United Kingdom's format",
}

func TestEverySpecNameMapped(t *testing.T) {
	table := map[string]string{} // spec name -> code
	formatOf := map[string]string{}
	for _, g := range withFormat {
		for _, c := range g.countries {
			table[c.spec] = c.code
			formatOf[c.spec] = g.format
		}
	}
	for _, c := range withoutPostalCode {
		table[c.spec] = c.code
		formatOf[c.spec] = ""
	}
	seen := 0
	for format, list := range specLists {
		for _, name := range strings.Split(list, ", ") {
			seen++
			code, ok := table[name]
			switch {
			case !ok:
				t.Errorf("spec name %q is not in the table", name)
			case formatOf[name] != format:
				t.Errorf("%q: table format %q, spec %q", name, formatOf[name], format)
			case code == "":
				if unmapped[name] == "" {
					t.Errorf("%q has no code", name)
				}
			default:
				r := Lookup(code)
				if r.Format != format || r.Forbidden != (format == "") || r.Required == (format == "") {
					t.Errorf("%q (%s): Lookup = %+v, want format %q", name, code, r, format)
				}
			}
		}
	}
	if seen != len(table) {
		t.Errorf("spec lists %d names, table has %d", seen, len(table))
	}
}

func TestCodesInModelEnum(t *testing.T) {
	raw, err := os.ReadFile("../model/service.json")
	if err != nil {
		t.Fatal(err)
	}
	var model struct {
		Shapes map[string]struct {
			Enum []string `json:"enum"`
		} `json:"shapes"`
	}
	if err := json.Unmarshal(raw, &model); err != nil {
		t.Fatal(err)
	}
	enum := map[string]bool{}
	for _, v := range model.Shapes["CountryCode"].Enum {
		enum[v] = true
	}
	if len(enum) < 200 {
		t.Fatalf("CountryCode enum has %d values; wrong shape?", len(enum))
	}
	alpha2 := regexp.MustCompile(`^[A-Z]{2}$`)
	seen := map[string]string{}
	check := func(c country) {
		if c.code == "" {
			return
		}
		if !alpha2.MatchString(c.code) || !enum[c.code] {
			t.Errorf("%s (%s) is not in the CountryCode enum", c.code, c.spec)
		}
		if prev, dup := seen[c.code]; dup {
			t.Errorf("%s used for both %q and %q", c.code, prev, c.spec)
		}
		seen[c.code] = c.spec
	}
	for _, g := range withFormat {
		for _, c := range g.countries {
			check(c)
		}
	}
	for _, c := range withoutPostalCode {
		check(c)
	}
	if len(seen) != len(rules) {
		t.Errorf("%d codes in the table, %d rules", len(seen), len(rules))
	}
	if enum["CS"] {
		t.Errorf("CS is now in the enum: map Serbia and Montenegro")
	}
}
