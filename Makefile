# ogidata — `make` installs everything into .venv and builds the dataset into dist/;
# `make test` does the same set-up and runs the test suite.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The extraction compiled with mypyc (build/compiled.py), again whenever one of its sources changes.
COMPILED := $(VENV)/.compiled

.PHONY: all build test bench clean system-deps

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(COMPILED): $(STAMP) $(wildcard build/extraction/*.py build/readers/*.py build/tables/*.py)
	$(BIN)/ogidata compile
	touch $(COMPILED)

build: $(COMPILED)
	$(BIN)/ogidata build --sources sources --out dist
	$(BIN)/ogidata validate dist

test: $(COMPILED) system-deps
	$(BIN)/python -m pytest -q

# Speed, measured (not a test): a synthetic collection of 10,000 reports; REPORTS=100000 for the large run.
REPORTS ?= 10000
bench: $(COMPILED)
	$(BIN)/ogidata bench --reports $(REPORTS)

# From Debian's packages: R (the test that reads the package with an independent client)
# and LibreOffice (the converter for Word 97 .doc reports). Installed when missing and
# the user is root with apt-get; otherwise the tests that need them say so and are skipped.
SYSTEM_PACKAGES := r-base-core r-cran-readr r-cran-jsonlite libreoffice-writer-nogui
system-deps:
	@if ! Rscript -e 'library(readr); library(jsonlite)' >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "note: cannot install $(SYSTEM_PACKAGES) (needs root and apt-get); tests needing them are skipped"; fi; \
	fi

clean:
	rm -rf dist $(VENV)
