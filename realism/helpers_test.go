package realism

import "pcs/api"

// fakeService is an api.Service for the tests that never call it.
type fakeService struct{ api.Service }
