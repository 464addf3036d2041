# One command for each routine, the same locally and in CI.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
SCIFACT ?= ../shared/data/eval/scifact-train

.PHONY: install demo system test lint bench bench-load prod-check messages clean

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
	$(VENV)/bin/mypy alliance/core/services alliance/core/crypto.py alliance/core/multilingual.py alliance/members/services alliance/members/lifecycle.py alliance/members/ror_csv.py alliance/events/services alliance/core/exports.py alliance/events/ical.py alliance/api.py alliance/members/api.py alliance/core/api.py alliance/events/api.py alliance/mobility/api.py alliance/events/benchmark alliance/core/benchmarking.py alliance/mobility/engine alliance/mobility/benchmark alliance/mobility/services alliance/mobility/queries.py alliance/governance/tally alliance/governance/bench_tally.py alliance/governance/bench_ballots.py alliance/governance/services alliance/governance/queries.py alliance/governance/api.py alliance/governance/wording.py alliance/knowledge/services alliance/knowledge/textindex.py alliance/knowledge/fusion.py alliance/knowledge/retrieval.py alliance/knowledge/embeddings.py alliance/knowledge/queries.py alliance/knowledge/api.py alliance/knowledge/evaluation.py alliance/programmes/engine alliance/programmes/services alliance/programmes/queries.py alliance/programmes/api.py alliance/programmes/pdf.py alliance/core/backup.py alliance/core/checks.py alliance/core/db_router.py alliance/core/management/commands/prod_check.py alliance/portal/privacy.py alliance/governance/redline.py alliance/governance/queries_constitution.py alliance/governance/invoice_pdf.py alliance/governance/register.py alliance/governance/minutes_pdf.py alliance/programmes/outcome_queries.py alliance/programmes/certificate_pdf.py alliance/programmes/tasks.py alliance/programmes/dashboards.py alliance/programmes/exports.py alliance/programmes/benchmark alliance/knowledge/dense.py alliance/knowledge/bench.py alliance/knowledge/orcid.py alliance/knowledge/partners.py alliance/knowledge/tasks.py alliance/reports/sources.py alliance/reports/handbook.py alliance/reports/numbers.py alliance/reports/checks.py alliance/reports/findings.py alliance/reports/queries.py alliance/reports/rules.py alliance/reports/api_collection.py alliance/reports/services alliance/reports/models/collection.py alliance/reports/publication alliance/reports/queries_editions.py alliance/reports/api.py alliance/reports/tasks.py
	$(PY) manage.py makemigrations --check --dry-run -v1

bench: $(STAMP)
	$(PY) bench/run.py
	$(VENV)/bin/alliance bench registration --db sqlite --seats 300 --attempts 2000 --clients 40
	@if $(PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()' '$(PG_URL)' 2>/dev/null; then \
	  $(VENV)/bin/alliance bench registration --db postgres --pg-url '$(PG_URL)' --seats 300 --attempts 2000 --clients 40; \
	else echo "PostgreSQL does not answer at $(PG_URL): the registration benchmark on PostgreSQL is skipped."; fi
	$(VENV)/bin/alliance bench allocation
	$(PY) -m alliance.governance.bench_tally
	$(PY) -m alliance.governance.bench_ballots --db sqlite
	@if $(PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()' '$(PG_URL)' 2>/dev/null; then \
	  $(PY) -m alliance.governance.bench_ballots --db postgres --pg-url '$(PG_URL)'; \
	else echo "PostgreSQL does not answer at $(PG_URL): the ballots benchmark on PostgreSQL is skipped."; fi
	$(PY) -m alliance.programmes.engine.bench
	$(PY) -m alliance.programmes.benchmark
	$(PY) -m alliance.reports.publication.bench
	$(PY) -m alliance.knowledge.bench
	@if [ -d $(SCIFACT) ]; then \
	  $(VENV)/bin/alliance knowledge evaluate --corpus $(SCIFACT)/corpus.jsonl --queries $(SCIFACT)/queries.jsonl --qrels $(SCIFACT)/qrels.tsv --cache var/cache; \
	else echo "No SciFact collection at $(SCIFACT): the ranking evaluation is skipped."; fi
	@if $(PY) -c 'import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()' '$(PG_URL)' 2>/dev/null; then \
	  $(PY) -m alliance.programmes.benchmark --pg-url '$(PG_URL)'; \
	else echo "PostgreSQL does not answer at $(PG_URL): the programmes benchmark on PostgreSQL is skipped."; fi

# Bounded (60 s by default), 127.0.0.1 only: 200 people browsing and 20 applying against the
# production-mode stack. Options: make bench-load LOAD_ARGS="--users 100 --duration 30"
bench-load: $(STAMP)
	$(PY) bench/load.py $(LOAD_ARGS)

# Run on the production machine, with its ALLIANCE_* environment: settings, database, cache, headers.
prod-check: $(STAMP)
	$(VENV)/bin/alliance prod-check

messages: $(STAMP)
	cd alliance && ../$(PY) ../manage.py makemessages -l zh_Hans -l ar --no-obsolete && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) var
