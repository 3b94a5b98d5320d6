# The commands the README gives. Each creates and reuses .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test test-py floor lint i18n bench samples dist dist-test clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# PySide6 6.12.0 is excluded (see pyproject.toml); pip's downgrade over it leaves PySide6 broken, so remove it first
	@$(BIN)/python -c "import importlib.metadata as m; raise SystemExit(m.version('PySide6') != '6.12.0')" 2>/dev/null \
		&& $(BIN)/pip uninstall -y -q PySide6 PySide6_Essentials PySide6_Addons PySide6_Pdf PySide6_WebEngine shiboken6 || true
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
	$(BIN)/python tools/code_shape.py

# the unit, integration and UI tests spread over the cores (pytest-xdist); then the floor suite, one scenario at
# a time: each drives a real X screen and is timed by what a person waits for (two at a time on 2 cores saved
# 3.5 min but once left the kiosk unanswering for 45 s)
test: $(STAMP)
	@tools/system-deps.sh test
	$(MAKE) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -n auto --ignore=tests/floor
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest tests/floor

# the unit and SQLite integration tests on another Python (3.11, 3.12 and 3.13 are supported), in a venv of
# its own (build/venv-X.Y):  make test-py PYTHON=python3.13
test-py:
	@tools/system-deps.sh test
	tools/test-python.sh $(PYTHON)

# the floor suite alone (make test runs it too): the real processes on Xvfb, driven by real keys and clicks;
# screenshots land in build/floor/
floor: $(STAMP)
	@tools/system-deps.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -s tests/floor

i18n: $(STAMP)
	$(BIN)/python tools/i18n.py update

DIST_STAMP := $(VENV)/.dist-stamp
$(DIST_STAMP): $(STAMP)
	$(BIN)/pip install -q 'pyinstaller>=6.5'
	@touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	@tools/system-deps.sh test
	rm -rf build/onestop dist/onestop
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build installers/onestop.spec
	installers/build_deb.sh

dist-test: dist
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q -p no:cacheprovider installers/test_deb.py

samples: $(STAMP)
	@tools/system-deps.sh test
	$(BIN)/python tools/make_samples.py
	$(BIN)/python tools/report_samples.py

# every benchmark: queue/petitions/mediation/reports at the year and reference sizes on SQLite and PostgreSQL
# (databases generated once by benchmarks/generate.py, cached in ONESTOP_BENCH_DIR, default /work/benchdata),
# then startup/documents/intake; writes the README "## Figures" block
bench: $(STAMP)
	$(BIN)/python -m benchmarks --readme

clean:
	rm -rf $(VENV) build dist .pytest_cache
