# ogidata — `make` installs everything into .venv and builds the dataset into dist/;
# `make test` does the same set-up and runs the test suite.
# The interpreter: the distribution's Python 3.11 where it has the headers mypyc needs
# (Debian builds it with profile-guided and link-time optimisation: the extraction runs about
# 17% faster than on pyenv's unoptimised build of the same version; docs/performance.md),
# else python3.11 from PATH. `make PYTHON=...` chooses another; a different one takes
# effect in a new .venv (`rm -r .venv`).
FALLBACK_PYTHON := python3.11
PYTHON ?= $(shell /usr/bin/python3.11 -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null && echo /usr/bin/python3.11 || echo $(FALLBACK_PYTHON))
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The extraction compiled with mypyc (build/compiled.py): which modules it is, build/modules.py says;
# `ogidata compile --if-stale` compiles again only when one of them changed.
COMPILED := $(VENV)/.compiled

.PHONY: all help build test lint bench clean system-deps

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV) || (rm -rf $(VENV) && $(FALLBACK_PYTHON) -m venv $(VENV))  # e.g. Debian without python3.11-venv
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

$(COMPILED): $(STAMP) $(wildcard build/*.py build/*/*.py)
	$(BIN)/ogidata compile --if-stale
	touch $(COMPILED)

help:  ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /  make \1\t/' | expand -t 20

build: $(COMPILED)  ## build the dataset from sources/ into dist/ and validate it
	$(BIN)/ogidata build --sources sources --out dist
	$(BIN)/ogidata validate dist

test: $(COMPILED) system-deps lint  ## the gates, then the test suite
	$(BIN)/python -m pytest -q

lint: $(STAMP)  ## ruff (lint and format) over the package and the tests, mypy over the package
	$(BIN)/ruff check build tests
	$(BIN)/ruff format --check build tests
	$(BIN)/mypy

# Speed, measured (not a test): a synthetic collection of 10,000 reports; REPORTS=100000 for the large run.
REPORTS ?= 10000
bench: $(COMPILED)  ## measure speed on a synthetic collection (REPORTS=10000)
	$(BIN)/ogidata bench --reports $(REPORTS)

# From Debian's packages: R (the test that reads the package with an independent client)
# and LibreOffice (the converter for Word 97 .doc reports). Installed when missing and
# the user is root with apt-get; otherwise the tests that need them say so and are skipped.
SYSTEM_PACKAGES := r-base-core r-cran-readr r-cran-jsonlite libreoffice-writer-nogui
system-deps:  ## R and LibreOffice from Debian's packages, for the tests that need them (as root)
	@if ! Rscript -e 'library(readr); library(jsonlite)' >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "note: cannot install $(SYSTEM_PACKAGES) (needs root and apt-get); tests needing them are skipped"; fi; \
	fi

clean:  ## remove dist/ and .venv
	rm -rf dist $(VENV)
