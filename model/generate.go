// Package model holds the service model that api/ is generated from.
package model

//go:generate go run ../internal/gen -model service.json -paginators paginators.json -out ../api
