# Tabadul — the two commands are `make run` and `make test`; the rest are their steps.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DEBUG=1 DJANGO_SETTINGS_MODULE=tabadul.settings.base
PYTEST_ARGS ?=

.PHONY: run test lint messages makemessages migrate demo install e2e-browser lock audit screenshots

# Installs come from the lock files: every package, transitive ones included, pinned with its hashes.
# requirements-dev.lock is the runtime plus the development and CI tools; production installs requirements.lock
# only (docs/operations.md), which has no test tools.
$(VENV)/.installed: requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

# After changing requirements.txt or requirements-dev.txt: `make lock`, then commit the two .lock files
# (core/tests/test_requirements.py fails while a requirement is missing from them). Pins already in a lock file
# are kept; `make lock LOCK_ARGS=--upgrade` moves every package to its newest release allowed.
LOCK_ARGS ?=
UV_COMPILE := $(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 $(LOCK_ARGS)
lock: install
	$(UV_COMPILE) requirements.txt -o requirements.lock
	$(UV_COMPILE) requirements-dev.txt -c requirements.lock -o requirements-dev.lock

# Known vulnerabilities of every locked package (the dev lock holds the runtime's too), from PyPI's advisories.
# A package whose release PyPI does not describe is listed as not audited; AUDIT_ARGS=--strict makes that fail.
AUDIT_ARGS ?=
audit: install
	$(VENV)/bin/pip-audit --progress-spinner off --vulnerability-service pypi --disable-pip --require-hashes \
		$(AUDIT_ARGS) -r requirements-dev.lock

# Translations are compiled with Babel (pure Python), so no system gettext is needed to run.
messages: install
	$(VENV)/bin/pybabel compile --statistics -d tabadul/locale -D django 2>&1 | grep -v "^compiling" || true

# Developers: refresh the .po file after changing strings (needs gettext's xgettext), then write the Arabic.
makemessages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l ar --no-location --ignore=.venv --ignore=var

migrate: messages
	mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --no-input

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

run: demo
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: messages
	$(PY) -m pytest $(PYTEST_ARGS)

# The main pages at 1366 px and 390 px in Arabic and English, from a fresh demo (docs/screenshots/take.py).
screenshots: messages
	$(PY) docs/screenshots/take.py

lint: install
	$(VENV)/bin/ruff check tabadul
	$(VENV)/bin/ruff format --check tabadul
	$(VENV)/bin/lint-imports

# Benchmarks (docs/performance.md): `make bench` runs every one; add yours to the BENCHES line.
# They need Debian's nginx-light and wrk (installed with apt-get when missing). BENCH_ARGS=--quick for a smoke run.
BENCHES := bench-meter bench-export bench-search bench-load bench-pages
BENCH_ARGS ?=
.PHONY: bench $(BENCHES)

bench: $(BENCHES)

bench-meter: messages
	$(PY) bench/meter.py $(BENCH_ARGS)

bench-export: install
	$(PY) bench/export.py $(BENCH_ARGS)

bench-search: install
	$(PY) bench/search.py $(BENCH_ARGS)

bench-load: messages
	$(PY) bench/load.py $(BENCH_ARGS)

# Every page shape at the demo's size and at regional scale (load_scale, 10,000 bodies), in-process, side by side.
bench-pages: messages
	$(PY) bench/pages.py $(BENCH_ARGS)

# Two app servers behind nginx on loopback, sharing PostgreSQL, Redis and an S3 store (moto's server): the journey of
# docs/operations.md ("Growing beyond one machine") and a short load. Needs nginx-light, redis-server, postgresql, wrk.
.PHONY: bench-cluster
bench: bench-cluster
bench-cluster: messages
	$(PY) bench/cluster.py $(BENCH_ARGS)

# Lighthouse (pinned in bench/lighthouse/package-lock.json, from npm; Debian's nodejs and npm) in Debian's Chromium
# on the main pages in both languages, against the bench-load set-up; the figures go into docs/performance.md.
.PHONY: lighthouse
lighthouse: messages
	cd bench/lighthouse && npm ci --no-audit --no-fund --silent
	$(PY) bench/lighthouse.py $(BENCH_ARGS)
