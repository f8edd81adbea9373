# The portal's two commands are `make run` and `make test`; the rest are the steps they are made of.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Prefer python3.12, then any other Python 3.11 or newer that actually runs.
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3 python3.11; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; then \
	echo $$p; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000
# The settings follow PORT for the links they print and mail (unless SITE_URL is set).
export PORT

.PHONY: help run test venv venv-dev local-env migrate translations seed prepare lint check-deploy clean

help:
	@echo "make run   - serve the portal with demo data on http://$(HOST):$(PORT) (SQLite, no Redis, mail to var/mail)"
	@echo "make test  - run the whole test suite"

$(VENV)/bin/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.11 or newer is needed (python3.12 preferred); none was found on the PATH." >&2; exit 1; fi
	@echo "Creating $(VENV) with $$($(PYTHON) --version)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

# The embedded default's settings: DEBUG on and a secret key made once and kept in var/.
var/local.env:
	@mkdir -p var
	@umask 077 && printf 'DEBUG=true\nSECRET_KEY=%s\n' "$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote $@ (DEBUG on, a new SECRET_KEY)."

local-env: venv var/local.env

migrate: local-env
	$(PY) manage.py migrate --noinput

translations: local-env
	$(PY) manage.py compile_translations

seed: local-env
	$(PY) manage.py seed

prepare: migrate translations seed

run: prepare
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv-dev
	$(PY) manage.py compile_translations --settings=config.settings_test
	$(PY) -m pytest

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The deploy check under production settings (DEBUG off), with throwaway values for what production sets.
check-deploy: venv
	DEBUG=false SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=rec.example.org CSRF_TRUSTED_ORIGINS=https://rec.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
