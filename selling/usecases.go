package selling

import "strings"

// customerUseCases are the values the service accepts for
// Project.CustomerUseCase. The model types the member as a plain string; the
// list is the one in the member's documentation, which the service enforces.
var customerUseCases = setOf(
	"AI Machine Learning and Analytics",
	"Archiving",
	"Big Data: Data Warehouse/Data Integration/ETL/Data Lake/BI",
	"Blockchain",
	"Business Applications: Mainframe Modernization",
	"Business Applications & Contact Center",
	"Business Applications & SAP Production",
	"Centralized Operations Management",
	"Cloud Management Tools",
	"Cloud Management Tools & DevOps with Continuous Integration & Continuous Delivery (CICD)",
	"Configuration, Compliance & Auditing",
	"Connected Services",
	"Containers & Serverless",
	"Content Delivery & Edge Services",
	"Database",
	"Edge Computing/End User Computing",
	"Energy",
	"Enterprise Governance & Controls",
	"Enterprise Resource Planning",
	"Financial Services",
	"Healthcare and Life Sciences",
	"High Performance Computing",
	"Hybrid Application Platform",
	"Industrial Software",
	"IOT",
	"Manufacturing, Supply Chain and Operations",
	"Media & High performance computing (HPC)",
	"Migration/Database Migration",
	"Monitoring, logging and performance",
	"Monitoring & Observability",
	"Networking",
	"Outpost",
	"SAP",
	"Security & Compliance",
	"Storage & Backup",
	"Training",
	"VMC",
	"VMWare",
	"Web development & DevOps",
)

func setOf(values ...string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

// usStates are the values Customer.Account.Address.StateOrRegion takes for
// a US address (the member's documentation lists them; full names, not
// abbreviations).
var usStates = setOf(
	"Alabama", "Alaska", "American Samoa", "Arizona", "Arkansas", "California", "Colorado",
	"Connecticut", "Delaware", "Dist. of Columbia", "Federated States of Micronesia", "Florida",
	"Georgia", "Guam", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
	"Louisiana", "Maine", "Marshall Islands", "Maryland", "Massachusetts", "Michigan", "Minnesota",
	"Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey",
	"New Mexico", "New York", "North Carolina", "North Dakota", "Northern Mariana Islands", "Ohio",
	"Oklahoma", "Oregon", "Palau", "Pennsylvania", "Puerto Rico", "Rhode Island", "South Carolina",
	"South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Virgin Islands",
	"Washington", "West Virginia", "Wisconsin", "Wyoming", "APO/AE", "AFO/FPO", "FPO, AP",
)

// isCustomerUseCase accepts a documented use case, also with the spacing
// variant around "/" that the service accepts ("Migration / Database
// Migration").
func isCustomerUseCase(v string) bool {
	return customerUseCases[strings.ReplaceAll(v, " / ", "/")]
}
