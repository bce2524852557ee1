# Accord: `make run` serves the demo, `make test` runs every check. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# uv must use the machine's Python, never download one.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: help run test test-sqlite test-postgres test-browser lint deps deps-dev assets \
        chromium java gettext fonts poppler setup messages bench clean

help:
	@echo "make run    install, migrate, load reference and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   ruff, migrations check, Arabic catalogue, suite on SQLite (and PostgreSQL"
	@echo "            when ACCORD_TEST_DATABASE_URL is set), browser tests, deploy check"

$(VENV)/bin/uv:
	$(PYTHON_BOOT) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Runtime dependencies only (the lock file is the source of truth).
deps: $(VENV)/bin/uv
	$(VENV)/bin/uv sync --frozen --inexact --no-dev --quiet

deps-dev: $(VENV)/bin/uv
	$(VENV)/bin/uv sync --frozen --inexact --quiet

# No install scripts: vnu-jar's would download a Java runtime (`make java` installs Debian's).
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts

# Front-end packages from the npm registry, compiled translations, collected static files.
assets: node_modules/.package-lock.json
	$(VENV)/bin/pybabel compile -d locale -D django -l ar --statistics
	$(PY) manage.py collectstatic --noinput -v0

setup: deps assets fonts
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_reference
	$(PY) manage.py seed_demo

run: setup
	@echo "Serving Accord on http://$(HOST):$(PORT) with the reminder worker (Ctrl-C to stop)"
	@trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(PY) manage.py run_worker & worker=$$!; \
	  $(VENV)/bin/gunicorn accord.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
	    --access-logfile - --forwarded-allow-ips=127.0.0.1

# Debian's chromium for the browser tests (installed when missing and running as root).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi; }

# A Java runtime for the Nu HTML Checker (vnu.jar, from npm) with which the tests validate pages.
java:
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then mkdir -p /usr/share/man/man1 && apt-get update -qq \
	    && apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "java is missing: sudo apt-get install default-jre-headless" >&2; exit 1; fi; }

# GNU gettext, which makemessages needs to find untranslated strings.
gettext:
	@command -v xgettext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else echo "gettext is missing: sudo apt-get install gettext" >&2; exit 1; fi; }

# Debian's Amiri font, which the PDF briefing dossiers are set in (Pango shapes its Arabic):
# needed at run time, so `make setup` installs it too (as root; otherwise it warns: the rest of
# Accord runs without it, the PDF dossier answers with a clear message, and its tests fail).
fonts:
	@fc-list 2>/dev/null | grep -q "Amiri-Regular" || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq fontconfig fonts-hosny-amiri >/dev/null; \
	  else echo "warning: the Amiri font is missing, so PDF dossiers cannot be made (Word ones can):" \
	    "sudo apt-get install fonts-hosny-amiri" >&2; fi; }

# Poppler's pdftotext and pdffonts, with which the tests read the dossiers' PDFs back.
poppler:
	@{ command -v pdftotext && command -v pdffonts && command -v pdfinfo; } >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; \
	  else echo "poppler-utils is missing: sudo apt-get install poppler-utils" >&2; exit 1; fi; }

lint: deps-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: deps-dev assets chromium java gettext fonts poppler lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check_translations
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$ACCORD_TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	  else echo "ACCORD_TEST_DATABASE_URL is not set: PostgreSQL suite not run"; fi
	ACCORD_SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(64))') \
	  ACCORD_HTTPS=true ACCORD_ALLOWED_HOSTS=accord.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

test-sqlite:
	@echo "== test suite on SQLite (with browser tests) =="
	env -u DATABASE_URL $(VENV)/bin/pytest -q

test-postgres:
	@echo "== test suite on PostgreSQL (with browser tests) =="
	DATABASE_URL="$$ACCORD_TEST_DATABASE_URL" $(VENV)/bin/pytest -q

test-browser:
	env -u DATABASE_URL $(VENV)/bin/pytest -q -m browser

messages: gettext
	$(PY) manage.py makemessages -l ar --no-obsolete -i ".venv/*" -i "node_modules/*" -i "var/*"

clean:
	rm -rf $(VENV) node_modules var/static
