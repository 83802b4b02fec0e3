# Sharaka: `make run` starts the Aourir demo, `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Test processes (pytest-xdist): one per core; JOBS=0 runs in this process (for pdb, or to read output as it comes).
JOBS ?= auto
export DJANGO_SETTINGS_MODULE := sharaka.settings

.PHONY: run serve test test-pg e2e ops bench lint messages translations install clean

$(VENV)/.installed: pyproject.toml
	@PYBIN=$$(bin/find-python) || exit 1; \
	  [ -x $(PY) ] || "$$PYBIN" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	@touch $@

install: $(VENV)/.installed node_modules/.installed translations

translations: $(VENV)/.installed
	@mkdir -p var
	@DEBUG=1 $(PY) manage.py compiletranslations

run: install
	@mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	@echo
	@echo "Sharaka is at http://127.0.0.1:$(PORT)/  (Arabic by default; French and English in the header)"
	@DEBUG=1 $(PY) manage.py demo_logins
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like on this machine, to try it (docs/operations.md runs the three under systemd instead):
# the worker and the scheduler in the background, bin/serve (gunicorn) in the foreground; Ctrl-C or
# the end of bin/serve stops the other two. Needs the production environment (docs/configuration.md).
PRODUCTION_VARIABLES := SECRET_KEY ALLOWED_HOSTS SITE_URL
serve: install
	@missing=""; for name in $(PRODUCTION_VARIABLES); do [ -n "$${!name:-}" ] || missing="$$missing $$name"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make serve: the production environment is not set; missing:$$missing (docs/configuration.md)." >&2; \
	  echo "  To try it on this machine over plain http, for example:" >&2; \
	  echo "  SECRET_KEY=\$$(openssl rand -hex 32) ALLOWED_HOSTS=127.0.0.1,localhost SITE_URL=https://sharaka.example \\" >&2; \
	  echo "  SECURE_SSL_REDIRECT=false make serve      (then http://localhost:8000/; DATABASE_URL: the demo of make run)" >&2; \
	  exit 2; fi; \
	$(PY) -c 'import sys, sharaka.settings as s; sys.exit(s.DEBUG or s.TESTING)' || { \
	  echo "make serve: DEBUG and SHARAKA_TESTING must be off: this is the production start (make run is the development one)." >&2; \
	  exit 2; }; \
	bin/serve --check || exit 1; \
	bin/worker & worker=$$!; bin/scheduler & scheduler=$$!; \
	trap 'kill -TERM $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	echo "make serve: worker ($$worker) and scheduler ($$scheduler) started; bin/serve on $${BIND:-127.0.0.1:8000}"; \
	bin/serve

test: install
	SHARAKA_TESTING=1 $(PY) -m pytest -q -n $(JOBS)

test-pg: install
	SHARAKA_TESTING=1 DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) -m pytest -q -n $(JOBS)

e2e: install
	SHARAKA_TESTING=1 DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q -n $(JOBS) e2e

# Production as docs/operations.md runs it: bin/serve, the worker, the scheduler, backups, two instances
# on one PostgreSQL and one Redis (ops/; needs the PostgreSQL server and Redis of DATABASE_URL's host).
ops: install
	SHARAKA_TESTING=1 $(PY) -m pytest -q ops

bench: install
	SHARAKA_TESTING=1 $(PY) -m bench $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: install
	@for app in sharaka/*/; do [ -d "$$app/templates" ] || [ -f "$$app/models.py" ] || continue; \
	  (cd $$app && mkdir -p locale && DJANGO_SETTINGS_MODULE=sharaka.settings PYTHONPATH=$(CURDIR) SHARAKA_TESTING=1 \
	   $(CURDIR)/$(PY) -m django makemessages -l ar -l fr -l en --no-obsolete --no-location >/dev/null) || exit 1; done
	@DEBUG=1 $(PY) manage.py compiletranslations --fill-english

clean:
	rm -rf $(VENV) node_modules var
