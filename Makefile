# The two commands: `make run` and `make test`. Everything else is a helper.
BUILD_DIR   ?= build
BUILD_TYPE  ?= Release
JOBS        ?= $(shell nproc)
NAZAR       := $(BUILD_DIR)/src/app/nazar
DATA_DIR    ?= ./data
DB          ?= sqlite:$(DATA_DIR)/nazar.db
LISTEN      ?= 127.0.0.1:8080

.PHONY: all bootstrap build nazar web run package test bench clean format

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

bench: bootstrap build
	@mkdir -p bench/results
	bench/run_all $(NAZAR)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR)
