# The README's two commands: `make run` and `make test`. Each sets up what it
# needs from a fresh clone (the virtual environment in .venv, packages,
# translations, database) before it starts.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup messages lint

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP) messages

# Compiled messages are committed; recompile when gettext is there.
messages:
	@if command -v msgfmt >/dev/null; then \
		for po in locale/*/LC_MESSAGES/django.po; do msgfmt --check -o $${po%.po}.mo $$po; done; \
	fi

run: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py demo_workshop
	DEBUG=1 $(PY) manage.py demo_after_workshop
	DEBUG=1 $(PY) manage.py demo_series
	@echo "Open http://127.0.0.1:8000/ (facilitators log in at /accounts/login/)."
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest -n auto

lint: setup
	$(VENV)/bin/ruff check .
