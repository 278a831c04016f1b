# SEND commissioning portal. `make help` lists the commands.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?= -n 2
DEMO := DJANGO_DEBUG=true

.DEFAULT_GOAL := help
.PHONY: help install run test lint format lock frontend clean bench

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned packages

run: install ## Run the portal with demo data on http://127.0.0.1:8000
	$(DEMO) $(PY) manage.py migrate --noinput
	$(DEMO) $(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 with a background worker for imports (Ctrl+C to stop)"
	@$(DEMO) $(PY) manage.py db_worker --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO) $(PY) manage.py runserver 127.0.0.1:8000

test: install ## Run every check and test (local PostgreSQL server if one answers, else embedded)
	@set -e; \
	export DATABASE_URL="$${DATABASE_URL:-$$($(PY) -m config.test_database)}"; \
	echo "Tests use: $${DATABASE_URL:-the embedded PostgreSQL server}"; \
	$(PY) -m ruff check .; \
	$(PY) -m ruff format --check .; \
	DJANGO_SETTINGS_MODULE=config.settings_test $(PY) manage.py makemigrations --check --dry-run; \
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install ## Lint and check formatting
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install ## Format the code and fix what ruff can
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

lock: ## Re-resolve pyproject.toml into uv.lock and requirements/*.txt (needs uv)
	uv lock
	uv export --frozen --no-dev --no-emit-project -o requirements/base.txt -q
	uv export --frozen --all-groups --no-emit-project -o requirements/dev.txt -q

frontend: ## Rebuild static/css and static/js from GOV.UK Frontend (needs Node)
	bash frontend/build.sh

clean: ## Remove the virtual environment and the embedded database
	rm -rf $(VENV) .data

bench: install ## Time pages against their SQL in a scratch database; writes docs/benchmarks.md
	@set -e; \
	export DATABASE_URL="$${DATABASE_URL:-$$($(PY) -m config.test_database)}"; \
	echo "Benchmarks use: $${DATABASE_URL:-the embedded PostgreSQL server}"; \
	$(PY) -m bench $(BENCH_ARGS)
