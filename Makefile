# The portal's two promises: `make run` serves the demo, `make test` runs the whole suite.
# `make test-quick` is the tier to run while working: everything but the browser and real-worker tests.
VENV ?= .venv
PY ?= $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test test-quick lint install installed assets migrate demo worker bench backup restore clean scale-data

$(STAMP): requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

static/build/portal.css: node_modules/.package-lock.json static/scss/portal.scss
	npm run --silent build

assets: static/build/portal.css

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving the portal at http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) manage.py runserver 127.0.0.1:8000

# The quick tier runs on every core (pytest-xdist; WORKERS=0 for one process).
# Each worker has its own test database, MEDIA_ROOT and demo snapshot (docs/testing.md).
QUICK := not browser and not worker
WORKERS ?= auto

# The whole suite: the quick tier on every core, then the browser and real-worker
# tests in one process (they share one Chromium and start their own worker).
# Exit status 5 is "no tests selected": PYTEST_ARGS may name a folder with none of one kind.
test: install
	$(PY) -m pytest -m "$(QUICK)" -n $(WORKERS) $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PY) -m pytest -m "not ($(QUICK))" $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-quick: install
	$(PY) -m pytest -m "$(QUICK)" -n $(WORKERS) $(PYTEST_ARGS)

# ruff's lint rules and its formatter (pyproject.toml); CI fails on either.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

worker: install
	$(VENV)/bin/celery -A vrp_portal worker --loglevel=INFO

# Backup and restore run on a server without network: they use the installed
# Python (PY=python in the Docker image) and never pip or npm.
installed:
	@test -x "$$(command -v $(PY))" || { echo "error: $(PY) is missing: install the portal first (make install), or name its Python with PY=..." >&2; exit 1; }

# Dump the database (pg_dump -Fc) and the media files (tar) into var/backups/<UTC timestamp>/.
backup: installed
	$(PY) scripts/backup.py backup

# Restore BACKUP=var/backups/<timestamp> (default: the latest); asks first on a terminal.
restore: installed
	$(PY) scripts/backup.py restore $(BACKUP)

bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) node_modules static/build var

scale-data: install
	$(PY) manage.py generate_scale_data --years 10
