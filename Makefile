# TechStore: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: access-matrix run test node-deps install migrate seed lint-imports lint typecheck css vendor bench bench-request-path bench-latency bench-import bench-sales bench-dashboard bench-summary bench-long-reports clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

migrate: install
	$(BIN)/techstore db upgrade

seed: migrate
	$(BIN)/techstore demo seed

run: seed
	@echo ""
	@echo "  TechStore is starting on http://$(HOST):$(PORT)"
	@echo "  Sign in as admin / admin-demo-password"
	@echo "  (manager: mia / manager-demo-password; staff: sam / staff-demo-password, rita / staff-demo-password;"
	@echo "   technician: theo / technician-demo-password)"
	@echo ""
	$(BIN)/techstore serve --host $(HOST) --port $(PORT)

lint-imports: install
	$(BIN)/lint-imports

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

# One worker per core (pytest-xdist), a test module per worker at a time (`loadscope`): a module's own
# servers, clusters and browsers start once. Each worker has its own PostgreSQL database and files.
# `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
test: install node-deps lint-imports lint typecheck
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

# The browser tests read axe-core from node_modules (never served by the app, never from a CDN). Without npm
# they skip it, or fail under TECHSTORE_REQUIRE_BROWSER=1 (.ci/run).
NODE_MODULES := node_modules/.package-lock.json
$(NODE_MODULES): package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the accessibility tests (axe-core) cannot run"; fi

node-deps: $(NODE_MODULES)

# Front-end assets are committed; these rebuild them from the npm registry.
css:
	npm ci --no-audit --no-fund
	npx --no-install @tailwindcss/cli -i src/techstore/entrypoints/web/styles/app.css -o src/techstore/entrypoints/web/static/css/app.css --minify

vendor:
	npm ci --no-audit --no-fund
	sh scripts/vendor-assets.sh

# Issue 15's tables in one command, part by part (each prints its own table), then issue 29's summary: every
# figure against its goal (bench/summary.py; "not measured" for a bench that did not run or failed):
# (1) sales through HTTP against pgbench doing the same SQL, (2) p50/p99 of the busiest pages with 10,000
# products and 100,000 sales, (3) statements per request of every list, (4) the request path against a
# plain Starlette + psycopg_pool baseline under wrk, the rate limit in memory then in Redis, (5) the CSV import
# on SQLite and PostgreSQL. Installs wrk with apt-get when missing. Each bench writes its figures to
# $(BENCH_DIR) (bench/figures.py); a failing bench does not stop the others (make says "ignored").
PG_URL = $${TECHSTORE_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}
REDIS_URL = $${TECHSTORE_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}
BENCH_DIR ?= var/bench
bench: export TECHSTORE_BENCH_DIR = $(abspath $(BENCH_DIR))
bench: install
	rm -f $(BENCH_DIR)/*.json
	-$(BIN)/python -m bench.sale_vs_pgbench --install-wrk --postgres $(PG_URL)
	-$(BIN)/python -m bench.dashboard --postgres $(PG_URL)
	-$(BIN)/python -m bench.list_statements --postgres $(PG_URL)
	-$(BIN)/python -m bench.long_reports --postgres $(PG_URL)
	-$(BIN)/python -m bench.request_path --install-wrk $(BENCH_ARGS)
	-$(BIN)/python -m bench.request_path --install-wrk --rate-limit-storage $(REDIS_URL) $(BENCH_ARGS)
	-$(BIN)/python -m bench.catalog_import
	-$(BIN)/python -m bench.catalog_import --postgres $(PG_URL)
	$(BIN)/python -m bench.summary

# The summary table alone, from the figures the benches left in $(BENCH_DIR) (each bench run alone writes there).
bench-summary: install
	TECHSTORE_BENCH_DIR=$(abspath $(BENCH_DIR)) $(BIN)/python -m bench.summary

# Only the request path (bench/request_path.py). BENCH_ARGS="--seconds 10 --rounds 3" to change the runs.
bench-request-path: install
	$(BIN)/python -m bench.request_path --install-wrk $(BENCH_ARGS)

# Sequential single-client latency, login included, on SQLite and PostgreSQL (bench/api_latency.py).
bench-latency: install
	$(BIN)/python -m bench.api_latency
	$(BIN)/python -m bench.api_latency --postgres $${TECHSTORE_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}

# A CSV import of 10,000 products against a plain executemany of the same rows (bench/catalog_import.py),
# on SQLite and PostgreSQL.
bench-import: install
	$(BIN)/python -m bench.catalog_import
	$(BIN)/python -m bench.catalog_import --postgres $${TECHSTORE_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}

# Sales per second through HTTP on PostgreSQL, against a read of the same server (bench/sales.py).
bench-sales: install
	$(BIN)/python -m bench.sales --postgres $${TECHSTORE_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} $(BENCH_ARGS)

# The dashboard and the sales report through HTTP on PostgreSQL seeded with 100,000 sales, against /api/v1/me
# (bench/dashboard.py). BENCH_ARGS="--sales 20000 --requests 50" to change it.
bench-dashboard: install
	$(BIN)/python -m bench.dashboard --postgres $${TECHSTORE_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} $(BENCH_ARGS)

# Reports over years (issue 29): the five-year sales report and the dashboard with the daily rollups, on
# PostgreSQL with 500,000 sales and SQLite with 100,000, over five years (bench/long_reports.py; the 500,000-sale
# seed takes long). BENCH_ARGS="--pg-sales 100000 --requests 10" to change it.
bench-long-reports: install
	$(BIN)/python -m bench.long_reports --postgres $(PG_URL) $(BENCH_ARGS)

# Rewrites the access matrix in docs/security.md from the routes' declarations (a test checks it is current).
access-matrix: install
	$(BIN)/python -c "from pathlib import Path; from techstore.entrypoints.app import create_app; \
	from techstore.container import build_container; from techstore.settings import load_settings; \
	from techstore.entrypoints.http.access_matrix import write; \
	write(Path('docs/security.md'), create_app(build_container(load_settings({'TECHSTORE_VAR_DIR': '/tmp/techstore-matrix'}), 'memory')).routes)"

clean:
	rm -rf $(VENV) var .pytest_cache test-artifacts
