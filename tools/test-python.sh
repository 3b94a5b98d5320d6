#!/usr/bin/env bash
# The unit and SQLite integration tests on another Python, in a virtual environment of its own
# (build/venv-X.Y), e.g.  tools/test-python.sh /root/.pyenv/versions/3.13.0/bin/python3
# or  make test-py PYTHON=python3.12.  OneStop supports Python 3.11, 3.12 and 3.13 (pyproject.toml);
# `make test` runs the whole suite on the main one. PostgreSQL, the UI and the floor tests run there only,
# and the slow integration tests too, to keep CI short.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:?usage: $0 PYTHON}
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
venv=${ONESTOP_TEST_VENV:-build/venv-$version}
stamp=$venv/.installed-stamp
if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q -e '.[test]'
  touch "$stamp"
fi
echo "== Python $version: unit and SQLite integration tests ($("$venv/bin/python" -c 'import PySide6; print("PySide6", PySide6.__version__)'))"
QT_QPA_PLATFORM=offscreen "$venv/bin/python" -m pytest -q -n auto -p no:cacheprovider --durations=10 -m "not postgres and not slow" \
  tests/unit tests/integration
