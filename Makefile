# ogidata — `make` installs everything into .venv and builds the dataset into dist/;
# `make test` does the same set-up and runs the test suite.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build test bench clean r-deps

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/ogidata build --sources sources --out dist
	$(BIN)/ogidata validate dist

test: $(STAMP) r-deps
	$(BIN)/python -m pytest -q

# Speed, measured (not a test): a synthetic collection of 10,000 reports; REPORTS=100000 for the large run.
REPORTS ?= 10000
bench: $(STAMP)
	$(BIN)/ogidata bench --reports $(REPORTS)

# R (from Debian's packages) for the test that reads the package with an independent client.
r-deps:
	@Rscript -e 'library(readr); library(jsonlite)' >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends r-base-core r-cran-readr r-cran-jsonlite >/dev/null; \
	  else echo "note: R is not installed and cannot be (needs root and apt-get); the R test will be skipped"; fi; }

clean:
	rm -rf dist $(VENV)
