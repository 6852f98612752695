# The two commands a newcomer needs (see README.md):
#   make serve   install what is missing, build, start Veil on 127.0.0.1:8080
#   make test    install what is missing, build, run every test
HOST ?= 127.0.0.1
PORT ?= 8080
SWIFT_FLAGS ?=

.PHONY: deps build serve test clean

deps:
	./scripts/install-deps.sh

build: deps
	swift build -c release $(SWIFT_FLAGS)

serve: build
	.build/release/veil serve --host $(HOST) --port $(PORT)

test: deps
	swift build --build-tests $(SWIFT_FLAGS)
	swift test --skip-build $(SWIFT_FLAGS)

clean:
	rm -rf .build
