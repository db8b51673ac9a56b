# Self-bootstrapping targets: each creates .venv and installs what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= out

.PHONY: demo test lint typecheck pytest bench bench-serve bench-draft docs help-text vendor-js screenshots clean sysdeps

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

## demo: build, validate, a provenance question and an export, on the embedded store
demo: $(BIN)/.installed
	@mkdir -p $(OUT)
	$(BIN)/rightsgraph build
	$(BIN)/rightsgraph validate
	$(BIN)/rightsgraph stats
	$(BIN)/rightsgraph provenance claim:moura-killed-more-than-500
	$(BIN)/rightsgraph query cq2-moura-death-toll-sources
	$(BIN)/rightsgraph export --format html -o $(OUT)/rightsgraph.html
	$(BIN)/rightsgraph export --format graphml -o $(OUT)/rightsgraph.graphml
	$(BIN)/rightsgraph export --format ttl -o $(OUT)/rightsgraph.ttl
	@echo "demo done: exports in $(OUT)/"

## test: ruff, mypy, pytest (after installing the system tools the tests drive)
test: sysdeps lint typecheck pytest

## sysdeps: Graphviz, Chromium, Virtuoso and the page's JavaScript assets (root installs Debian packages)
sysdeps:
	@if [ "$$(id -u)" = "0" ] || [ -n "$$CI" ]; then bash .ci/install-system-deps; \
	else echo "not root: skipping system packages (graphviz, chromium, virtuoso); their tests will be skipped"; fi

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(BIN)/.installed
	$(BIN)/mypy

pytest: $(BIN)/.installed
	$(BIN)/pytest -q

## bench: ratio benchmarks against baselines measured in the same run
bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py

## bench-serve: serve under load (20 clients x 30 s, both stores, quiet and with a hostile client)
bench-serve: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_serve.py

## bench-draft: how close `rightsgraph draft` comes to the curated data (SOURCES=../shared/sources)
SOURCES ?= ../shared/sources
bench-draft: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_draft.py --sources $(SOURCES)

## docs: regenerate docs/ontology.md from the ontology
docs: $(BIN)/.installed
	$(BIN)/python -m rightsgraph.docs > docs/ontology.md

## help-text: re-render the console script's fast --help (src/rightsgraph/cli/help.txt)
help-text: $(BIN)/.installed
	$(BIN)/python -m rightsgraph.cli.launch

## vendor-js: refresh the JavaScript shipped in the package (graph page, SPARQL editor) from package-lock.json
vendor-js: $(BIN)/.installed
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m rightsgraph.export.vendor
	$(BIN)/python -m rightsgraph.serve.vendor

## screenshots: regenerate docs/images/ (graph views and timeline) in real Chromium
screenshots: $(BIN)/.installed
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache dist
