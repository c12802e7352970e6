# Two entry points for a newcomer: `make demo` and `make test`. Everything else is for developers.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: demo test lint typecheck pytest bench dist clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

demo: $(STAMP)
	$(BIN)/bisik --demo

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check app tests bench build
	$(BIN)/ruff format --check app tests bench build

typecheck: $(STAMP)
	$(BIN)/mypy
	MYPYPATH=bench:build $(BIN)/mypy --strict bench build/*.py
	for f in build/*/*.py; do MYPYPATH=build $(BIN)/mypy --strict $$f || exit 1; done

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

dist: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dist]'
	$(BIN)/python build/linux/make_dist.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
