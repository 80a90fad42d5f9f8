# The two commands: `make run` and `make test`. Everything else is a helper.
BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
JOBS        ?= $(shell nproc)
NAZAR       := $(BUILD_DIR)/src/app/nazar
DATA_DIR    ?= ./data
DB          ?= sqlite:$(DATA_DIR)/nazar.db
LISTEN      ?= 127.0.0.1:8080

.PHONY: all bootstrap build nazar web run package test bench fuzz sanitize sanitize-ci clean format

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: $(BUILD_DIR)/CMakeCache.txt web
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The web app (TypeScript, Vite) into web/dist, which `nazar serve` serves.
web:
	cd web && npm run --silent build

# Only the server (no test binaries): what `make run` and `make package` need.
nazar: $(BUILD_DIR)/CMakeCache.txt web
	cmake --build $(BUILD_DIR) -j $(JOBS) --target nazar

run: bootstrap nazar
	@mkdir -p $(DATA_DIR)
	@$(NAZAR) migrate --db $(DB)
	@$(NAZAR) demo --db $(DB) --if-empty
	@echo "open http://$(LISTEN)  (Ctrl-C stops the server)"
	$(NAZAR) serve --db $(DB) --listen $(LISTEN)

# The Debian package (docs/operations.md, "Install from the Debian package") into $(BUILD_DIR).
package: bootstrap nazar
	cd $(BUILD_DIR) && cpack -G DEB

test: bootstrap build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 900

# The sanitizer tree (clang 19, ASan + UBSan + libFuzzer coverage): `make fuzz` runs every
# fuzz target for FUZZ_SECONDS each; `make sanitize` runs the test suite in it.
SANITIZE_DIR ?= build-asan
FUZZ_SECONDS ?= 60
fuzz: bootstrap
	scripts/fuzz $(SANITIZE_DIR) $(FUZZ_SECONDS)

sanitize: bootstrap
	scripts/sanitized-build $(SANITIZE_DIR)
	cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 1800 $(SANITIZE_CTEST_ARGS)

# CI's share of the sanitizer tree (.ci/run, after `make test`): the unit suites of the
# parsers, the analytics and the store (SQLite and PostgreSQL) under both sanitizers, then
# every fuzz target for FUZZ_CI_SECONDS.
SANITIZE_CI_TESTS = core_test survey_test collect_web_test text_test metrics_test drivers_test \
  outcomes_test journey_test queue_log_follow_test http_test nodes_test store_test sms_segments_test
FUZZ_CI_SECONDS ?= 15
sanitize-ci: bootstrap
	scripts/sanitized-build $(SANITIZE_DIR) $(SANITIZE_CI_TESTS)
	cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 1800 \
	  -R "^($$(echo $(SANITIZE_CI_TESTS) | tr ' ' '|'))$$"
	scripts/fuzz $(SANITIZE_DIR) $(FUZZ_CI_SECONDS)

bench: bootstrap build
	@mkdir -p bench/results
	bench/run_all $(NAZAR)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR)
