# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SOURCES ?= data/sources

.PHONY: run test fuzz integration vendor docs dist build validate bench bench-full lint format clean

VENDOR_DIR := fengong/web/static/vendor
VENDOR := $(addprefix $(VENDOR_DIR)/,yasgui.min.js yasgui.min.css swagger-ui-bundle.js \
          swagger-ui.css redoc.standalone.js)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==23.2.1 setuptools==84.2.1
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## Front-end packages pinned in web/package-lock.json, copied next to the pages (no CDN):
## YASGUI for /yasgui, Swagger UI for /docs, ReDoc's standalone bundle for /redoc.
## One recipe makes them all (a grouped target: it runs once, even under -j). ReDoc's side
## menu shows a logo from cdn.redoc.ly, which the page's policy refuses (a console error on
## every view): its address becomes an empty data: URL, which ReDoc hides on error; the build
## fails if the bundle still names a CDN.
$(VENDOR) &: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --ignore-scripts --silent
	mkdir -p $(VENDOR_DIR)
	cp web/node_modules/@zazuko/yasgui/build/yasgui.min.js \
	   web/node_modules/@zazuko/yasgui/build/yasgui.min.css \
	   web/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
	   web/node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR_DIR)/
	sed 's#https://cdn\.redoc\.ly/redoc/logo-mini\.svg#data:,#' \
	    web/node_modules/redoc/bundles/redoc.standalone.js > $(VENDOR_DIR)/redoc.tmp
	! grep -l 'cdn\.redoc\.ly' $(VENDOR_DIR)/redoc.tmp
	mv $(VENDOR_DIR)/redoc.tmp $(VENDOR_DIR)/redoc.standalone.js
	touch $(VENDOR)

vendor: $(VENDOR)

## The manual: docs/ and the pages fengong.manual generates, with --strict (a broken link
## fails), into fengong/web/manual_site/, which `fengong serve` serves at /manual.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

## The wheel and sdist people install (pipx install dist/fengong-*.whl), manual and
## front-end bundles included; tests/packaging checks the wheel in a clean environment.
dist: $(STAMP) $(VENDOR) docs
	rm -rf dist
	$(BIN)/python -m build --outdir dist

## Build the graph from data/, validate it, then serve the API on 127.0.0.1:8000.
run: build $(VENDOR) docs
	$(BIN)/fengong validate --lang zh
	$(BIN)/fengong serve --host 127.0.0.1 --port 8000

build: $(STAMP)
	$(BIN)/fengong build $(SOURCES)
	$(BIN)/fengong stats

validate: $(STAMP)
	$(BIN)/fengong validate --lang zh

## Install and run the whole test suite (lint included).
test: $(STAMP) $(VENDOR) docs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

## The long fuzzing run: FUZZ_EXAMPLES cases per strategy (2 strategies, one per core), then a
## tenth as many of each layout round trip (inline text, HTML and Excel merges); outcomes in
## test-output/fuzz-*.json. `make test` runs a fast slice of the same properties.
FUZZ_EXAMPLES ?= 50000
fuzz: $(STAMP)
	@export HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES); \
	$(BIN)/pytest -q -p no:cacheprovider tests/fuzz -k "tables or published or pdf" & tables=$$!; \
	$(BIN)/pytest -q -p no:cacheprovider tests/fuzz -k seed; seed=$$?; \
	FUZZ_EXAMPLES=$$(( $(FUZZ_EXAMPLES) / 10 )) \
	  $(BIN)/pytest -q -p no:cacheprovider tests/fuzz -k roundtrip; roundtrip=$$?; \
	wait $$tables && exit $$(( seed || roundtrip ))

## Benchmarks print ratios against a baseline measured in the same run.
bench: $(STAMP)
	$(BIN)/python bench/full.py --quick --out bench/output/quick.md

bench-full: $(STAMP)
	$(BIN)/python bench/full.py

## Tests against programs from Debian (Virtuoso, Chromium, LibreOffice), which .ci/run installs
## first, and the slow tests (over ~10 s each) that `make test` leaves out.
integration: $(STAMP) $(VENDOR) docs
	$(BIN)/pytest -m "integration or slow" tests

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf data/build test-output fengong/web/static/vendor fengong/web/manual_site web/node_modules dist
