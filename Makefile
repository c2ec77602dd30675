# Kjøpekraft: `make run` serves the platform with demo data, `make test` runs the whole gate.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
KJ := $(BIN)/kjopekraft
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2

# The pure libraries (no Django): checked strictly by mypy.
PURE := src/kjopekraft/core/env.py src/kjopekraft/organisations/orgnr.py \
	src/kjopekraft/notices/model.py src/kjopekraft/notices/rawxml.py \
	src/kjopekraft/notices/files.py src/kjopekraft/notices/parse.py \
	src/kjopekraft/notices/eforms src/kjopekraft/notices/document.py \
	src/kjopekraft/notices/sources src/kjopekraft/notices/tedxml \
	src/kjopekraft/insight/assessment src/kjopekraft/insight/money.py \
	src/kjopekraft/instruments/advisor.py src/kjopekraft/instruments/thresholds.py \
	src/kjopekraft/outcomes/payments.py src/kjopekraft/solutions/spreading.py \
	src/kjopekraft/insight/regions.py src/kjopekraft/notices/ocds \
	src/kjopekraft/insight/indicators.py src/kjopekraft/insight/charts.py

.PHONY: run test setup install install-dev lint typecheck gate pytest browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Translations, database, static files: everything the server needs, idempotently.
setup: install
	$(KJ) compilemessages --ignore '$(VENV)' --ignore node_modules -v 0
	$(KJ) migrate --noinput -v 0
	DJANGO_DEBUG=0 $(KJ) collectstatic --noinput -v 0

run: setup
	$(KJ) load-demo
	$(KJ) ingest data/notices --workers 2
	$(KJ) build-facts
	$(KJ) embed
	@echo "Kjøpekraft is at http://$(HOST):$(PORT)/ (stop with Ctrl-C)"
	DJANGO_DEBUG=0 $(BIN)/gunicorn kjopekraft.core.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - --forwarded-allow-ips=127.0.0.1

# Debian's Chromium when it is installed (.ci/run installs it); Playwright's own browser otherwise.
browser: install-dev
	@if [ -x /usr/lib/chromium/chromium ] || [ -x /usr/bin/chromium ]; then \
		echo "Browser tests use Debian's Chromium"; \
	else \
		$(BIN)/playwright install chromium; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy $(PURE)

gate: lint typecheck
	$(KJ) makemigrations --check --dry-run
	$(KJ) compilemessages --ignore '$(VENV)' --ignore node_modules -v 0
	DJANGO_ENV=production ALLOWED_HOSTS=kjopekraft.example \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(KJ) check --deploy --fail-level WARNING

pytest: install-dev browser
	$(KJ) compilemessages --ignore '$(VENV)' --ignore node_modules -v 0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: install-dev gate pytest

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info
