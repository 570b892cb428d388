# The README's two commands: `make demo` runs the app, `make test` passes the tests.
# Both set the machine up first (tools/setup.sh): Qt's system libraries, .venv, the project.
# `make test` spreads the tests over the machine's cores (pytest-xdist: each worker starts its own
# PostgreSQL and stand-ins) and prints the 15 slowest.
.PHONY: setup demo test lint typecheck installer screenshots clean

VENV := .venv
PY := $(VENV)/bin/python

setup:
	@bash tools/setup.sh

demo: setup
	@bash tools/demo.sh

test: setup
	$(VENV)/bin/ruff check .
	$(PY) -m mypy
	@QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --dist worksteal --durations=15; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo 'pytest collected no tests' >&2; exit 1; fi; exit $$rc

lint: setup
	$(VENV)/bin/ruff check .

typecheck: setup
	$(PY) -m mypy

# One-folder app in dist/pdv-bling (about a minute; not part of `make test`). The same spec builds
# on Windows and macOS: see the README's "Instalador" section.
installer: setup
	$(PY) -m pip install -q -e ".[installer]"
	@if [ -f resources/translations/pdv_bling_pt_BR.ts ]; then $(PY) -m ui.i18n --compile >/dev/null; fi
	$(VENV)/bin/pyinstaller --noconfirm --clean build_installer.spec
	@du -sh dist/pdv-bling

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
