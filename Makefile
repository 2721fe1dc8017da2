# The README's two commands: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# make run PORT=8502 STORE=/path/to/store HOST=127.0.0.1: another port, store or address
PORT ?= 8501
HOST ?= 127.0.0.1
STORE_OPTION = $(if $(STORE),--store "$(STORE)")

run: install
	$(BIN)/alliancegraph ingest data/demo $(STORE_OPTION)
	$(BIN)/alliancegraph app --port $(PORT) --host $(HOST) $(STORE_OPTION)

test: install-test
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
