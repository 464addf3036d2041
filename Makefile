# One command for each routine, the same locally and in CI.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: install demo system test lint bench messages clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	ALLIANCE_DEMO=1 $(VENV)/bin/alliance migrate --noinput -v0
	ALLIANCE_DEMO=1 $(VENV)/bin/alliance load-demo
	@echo "Serving the demo alliance on http://127.0.0.1:8000 (Ctrl-C stops it)"
	ALLIANCE_DEMO=1 $(VENV)/bin/alliance serve 127.0.0.1:8000

system:
	./scripts/install-system-packages

test: $(STAMP) system
	./scripts/run-tests

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy alliance/core/services alliance/core/crypto.py alliance/core/multilingual.py alliance/members/services alliance/members/lifecycle.py alliance/members/ror_csv.py alliance/events/services alliance/events/exports.py alliance/events/ical.py alliance/api.py alliance/members/api.py alliance/core/api.py alliance/events/api.py alliance/mobility/api.py alliance/events/benchmark alliance/core/benchmarking.py alliance/mobility/engine alliance/mobility/benchmark alliance/mobility/services alliance/mobility/queries.py alliance/governance
	$(PY) manage.py makemigrations --check --dry-run -v1

bench: $(STAMP)
	$(PY) bench/run.py
	$(VENV)/bin/alliance bench registration --db sqlite --seats 300 --attempts 2000 --clients 40
	@if $(PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()' '$(PG_URL)' 2>/dev/null; then \
	  $(VENV)/bin/alliance bench registration --db postgres --pg-url '$(PG_URL)' --seats 300 --attempts 2000 --clients 40; \
	else echo "PostgreSQL does not answer at $(PG_URL): the registration benchmark on PostgreSQL is skipped."; fi
	$(VENV)/bin/alliance bench allocation
	$(PY) -m alliance.governance.bench_tally

messages: $(STAMP)
	cd alliance && ../$(PY) ../manage.py makemessages -l zh_Hans -l ar --no-obsolete && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var
