# Corridor: `make run` builds and starts the workbench; `make test` builds and runs every test.
# Both install what is missing first (Debian packages as root, npm packages).
BUILD ?= build
JOBS ?= $(shell nproc)
DATA ?= data
PORT ?= 8080

.PHONY: all deps test-deps build run test unit-test e2e-test fuzz bench clean

all: build

deps:
	@bash scripts/install-deps.sh

test-deps:
	@bash scripts/install-deps.sh --test

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/corridor serve --data $(DATA) --listen 127.0.0.1:$(PORT)

test: test-deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)
	bash scripts/run-tests.sh $(BUILD)

fuzz: test-deps
	bash tests/fuzz/run_fuzzers.sh

bench: build
	bash bench/run_all.sh $(BUILD)

clean:
	rm -rf $(BUILD)
