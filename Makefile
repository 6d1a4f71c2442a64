# Tabadul — the two commands are `make run` and `make test`; the rest are their steps.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DEBUG=1 DJANGO_SETTINGS_MODULE=tabadul.settings.base
PYTEST_ARGS ?=

.PHONY: run test lint messages makemessages migrate demo install e2e-browser

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

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

lint: install
	$(VENV)/bin/ruff check tabadul
	$(VENV)/bin/ruff format --check tabadul
	$(VENV)/bin/lint-imports

# Benchmarks (docs/performance.md): `make bench` runs every one; add yours to the BENCHES line.
# They need Debian's nginx-light and wrk (installed with apt-get when missing). BENCH_ARGS=--quick for a smoke run.
BENCHES := bench-meter bench-export bench-search bench-load
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
