# The commands the README gives. Each creates and reuses .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test lint i18n bench samples clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	@tools/system-deps.sh run
	$(BIN)/onestop

demo: $(STAMP)
	@tools/system-deps.sh run
	$(BIN)/onestop demo

lint: $(STAMP)
	$(BIN)/ruff check desktop tests benchmarks tools
	$(BIN)/lint-imports
	$(BIN)/python tools/i18n.py check

test: $(STAMP)
	@tools/system-deps.sh test
	$(MAKE) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

i18n: $(STAMP)
	$(BIN)/python tools/i18n.py update

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist .pytest_cache
