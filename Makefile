# The two commands a newcomer needs (see README.md):
#   make serve   install what is missing, build, start Veil on 127.0.0.1:8080
#   make test    install what is missing, build, run every test (Swift suites + openai SDK end-to-end)
HOST ?= 127.0.0.1
PORT ?= 8080
UPSTREAM ?= $(or $(VEIL_UPSTREAM),https://api.openai.com)
SWIFT_FLAGS ?=
E2E_VENV ?= .venv-e2e
PYTHON ?= python3

.PHONY: deps build serve test test-swift test-e2e e2e-venv clean

deps:
	./scripts/install-deps.sh

build: deps
	swift build -c release $(SWIFT_FLAGS)

serve: build
	.build/release/veil serve --host $(HOST) --port $(PORT) --upstream $(UPSTREAM)

$(E2E_VENV)/.installed: Tests/E2E/requirements.txt
	$(PYTHON) -m venv $(E2E_VENV)
	$(E2E_VENV)/bin/pip install -q --disable-pip-version-check -r Tests/E2E/requirements.txt
	touch $@

e2e-venv: $(E2E_VENV)/.installed

# The model and engine suites keep both cores busy (model loads, forward passes, golden decodes);
# run alongside the socket, server and vault suites they starve their deadlines on a 2-core
# machine, so the Swift tests run in two passes: everything else first, then the compute suites.
COMPUTE_TESTS = ^T5Tests\.|Model(Calibration|Golden|Streaming|TextLimit|Int8)|Seq2Seq|CopyConstraint

test: deps e2e-venv
	swift build --build-tests $(SWIFT_FLAGS)
	swift test --skip-build $(SWIFT_FLAGS) --skip '$(COMPUTE_TESTS)'
	swift test --skip-build $(SWIFT_FLAGS) --filter '$(COMPUTE_TESTS)'
	VEIL_BIN=$$(swift build --show-bin-path)/veil $(E2E_VENV)/bin/python -m pytest -q Tests/E2E

test-swift: deps
	swift build --build-tests $(SWIFT_FLAGS)
	swift test --skip-build $(SWIFT_FLAGS) --skip '$(COMPUTE_TESTS)'
	swift test --skip-build $(SWIFT_FLAGS) --filter '$(COMPUTE_TESTS)'

test-e2e: deps e2e-venv
	swift build --product veil $(SWIFT_FLAGS)
	VEIL_BIN=$$(swift build --show-bin-path)/veil $(E2E_VENV)/bin/python -m pytest -q Tests/E2E

# Builds Docker/Dockerfile's image without Docker (debootstrap + chroot, as root) and runs it
# through health, dry-run and proxy checks; slow (a release build), so not part of `make test`.
.PHONY: docker-check
docker-check: e2e-venv
	./Docker/check.sh

clean:
	rm -rf .build $(E2E_VENV)
