# pcs — the two everyday commands are `make run` and `make test`.
GO ?= go

.PHONY: run build release test check generate vet fmt-check staticcheck deadcode

# What a binary says of itself (pcs version, GET /_pcs/health), from git when
# there is one; go's own stamp is missing under go run and in a linked worktree.
# Each can be given on the command line: make release VERSION=v1.0.0.
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null)
COMMIT  := $(shell git rev-parse HEAD 2>/dev/null)$(if $(filter %-dirty,$(VERSION)),-dirty)
DATE    := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
# The platforms of make release, GOOS/GOARCH.
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64

run: ## run pcs on its embedded store (state in $$XDG_DATA_HOME/pcs)
	$(GO) run ./cmd/pcs serve

build: ## a static binary in bin/pcs
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/pcs ./cmd/pcs

release: ## static binaries for every platform in dist/ (pcs-VERSION-OS-ARCH), with their SHA256SUMS
	rm -rf dist && mkdir -p dist
	@for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; out=dist/pcs-$(VERSION)-$$os-$$arch; \
		echo "$$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $$out ./cmd/pcs || exit 1; \
	done
	cd dist && if command -v sha256sum >/dev/null; then sha256sum pcs-*; else shasum -a 256 pcs-*; fi > SHA256SUMS

test: check ## formatting, vet, staticcheck, deadcode, generated code and docs, every test with -race
	$(GO) test -race -count=1 ./...

check: fmt-check vet staticcheck deadcode ## formatting, vet, staticcheck and deadcode, no test run

# The linters are pinned in tools/go.mod and built into bin/ on first use.
bin/staticcheck bin/deadcode: tools/go.mod tools/go.sum
	cd tools && $(GO) build -o ../bin/ honnef.co/go/tools/cmd/staticcheck golang.org/x/tools/cmd/deadcode

staticcheck: bin/staticcheck
	bin/staticcheck ./...

# deadcode -test: functions reached neither from a main nor from a test.
deadcode: bin/deadcode
	@out=$$(bin/deadcode -test ./...); \
	if [ -n "$$out" ]; then echo "unreachable code:"; echo "$$out"; exit 1; fi

generate: ## regenerate what is generated: api/ from model/, docs/configuration.md from the flags
	$(GO) generate ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

.PHONY: conformance
conformance: ## the official clients (boto3, AWS CLI, JS SDK v3) against a fresh pcs; needs python3+boto3, aws, node 18+
	bash conformance/run.sh
