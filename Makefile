# TechStore: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed lint-imports lint typecheck css vendor bench bench-latency bench-import bench-sales bench-dashboard clean

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
	@echo "  (staff: sam / staff-demo-password, rita / staff-demo-password)"
	@echo ""
	$(BIN)/techstore serve --host $(HOST) --port $(PORT)

lint-imports: install
	$(BIN)/lint-imports

lint: install
	$(BIN)/ruff check src tests bench

typecheck: install
	$(BIN)/mypy

test: install lint-imports lint typecheck
	$(BIN)/pytest $(PYTEST_ARGS)

# Front-end assets are committed; these rebuild them from the npm registry.
css:
	npm ci --no-audit --no-fund
	npx --no-install @tailwindcss/cli -i src/techstore/entrypoints/web/styles/app.css -o src/techstore/entrypoints/web/static/css/app.css --minify

vendor:
	npm ci --no-audit --no-fund
	sh scripts/vendor-assets.sh

# TechStore against a plain Starlette + psycopg_pool baseline under wrk (bench/request_path.py);
# installs wrk with apt-get when missing. BENCH_ARGS="--seconds 10 --rounds 3" to change the runs.
bench: install
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

clean:
	rm -rf $(VENV) var .pytest_cache test-artifacts
