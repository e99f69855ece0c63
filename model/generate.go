// Package model holds the service model that api/ is generated from:
//
//   - service.json, the botocore model of the Partner Central Selling API (without its
//     documentation), and paginators.json, its paginators;
//   - overlay.json, the reasoned corrections and additions where the service has moved past
//     that model;
//   - docs.json, the first sentence of the model's documentation of each operation, shape
//     and member, in plain text, for the generated doc comments. It is extracted once from
//     the model with documentation (botocore's service-2.json), so that the build needs
//     nothing outside this directory; refresh it with
//     go run ./internal/gen -extract-docs path/to/service-2.json -docs model/docs.json
//     and then run go generate ./... .
package model

//go:generate go run ../internal/gen -model service.json -paginators paginators.json -docs docs.json -out ../api
