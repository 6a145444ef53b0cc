# Greenroom: `make run` to see the product, `make test` to check it, `make bench` to measure it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links, emails, kiosk QR codes and cards point here; set SITE_URL to override (e.g. behind a tunnel).
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: run test lint bench install install-test migrate clean messages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	DEBUG=1 $(PY) manage.py seed_demo
	@DEBUG=1 $(PY) manage.py demo_urls
	@# A worker beside the server delivers the outbox (emails, SMS, reminders); it stops with the server.
	@DEBUG=1 $(PY) manage.py worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 SECURE_SSL_REDIRECT=0 $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on SQLite, then again on PostgreSQL when DATABASE_URL names one, spread over the
# machine's cores by pytest-xdist (one test file per worker at a time: a browser module keeps its Chromium).
PYTEST_ARGS ?= -n auto --dist loadfile
test: install-test lint
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)
	@case "$${DATABASE_URL:-}" in \
	  postgres*) echo "== again on PostgreSQL ($${DATABASE_URL%%@*}@…)"; $(PY) -m pytest $(PYTEST_ARGS) ;; \
	  *) echo "== DATABASE_URL names no PostgreSQL database: ran on SQLite only" ;; \
	esac

# The layering (import-linter contract in pyproject.toml), ruff's lint and its format check, before the suite.
lint: install-test
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The attendee pages' catalogs (locale/, see TRANSLATIONS.md): gather every marked string into the .po
# files, keeping the translations already there, then compile them. The help pages (helplines/locale)
# and the kiosk keep their own words and are left out.
MESSAGE_LANGUAGES := es fr de pt it nl sv ja ko ar
messages: install
	$(PY) manage.py makemessages --no-obsolete --no-location $(foreach l,$(MESSAGE_LANGUAGES),-l $(l)) \
	  --ignore=.venv --ignore=helplines --ignore=kiosk --ignore=tests --ignore=bench --ignore='*/admin/*' \
	  --ignore=staticfiles --ignore=core/countries.py
	$(PY) manage.py compilemessages $(foreach l,$(MESSAGE_LANGUAGES),-l $(l)) --ignore=.venv --ignore='helplines/*' --ignore='kiosk/*'

bench: install-test
	$(PY) -m bench

clean:
	rm -rf $(VENV) staticfiles .test-greenroom.sqlite3*
