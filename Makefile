# ogidata — `make` installs everything into .venv and builds the dataset into dist/;
# `make test` does the same set-up and runs the test suite.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build test clean

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/ogidata build --sources sources --out dist
	$(BIN)/ogidata validate dist

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf dist $(VENV)
