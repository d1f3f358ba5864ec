# The two commands a newcomer needs: `make run` and `make test` (see README.md).
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint types pytest demo browser office messages bench clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || { py="$$(sh tools/find-python)" && $$py -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $@

demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_registry
	$(PY) manage.py load_demo

# Serves hub389 on http://127.0.0.1:8000 with the background worker beside it.
run: demo
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --queue-name '*' & \
	$(PY) manage.py runserver 127.0.0.1:8000

browser:
	@test -x $(CHROMIUM) || { echo "Cài Chromium cho kiểm thử trình duyệt / installing Debian's chromium"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-liberation2; }

# LibreOffice turns report DOCX into PDF; poppler-utils reads the PDFs in the tests; gettext
# extracts the UI strings (the English test checks the catalogue is complete and current).
office:
	@command -v soffice >/dev/null && command -v pdfinfo >/dev/null && command -v xgettext >/dev/null || { echo "Cài LibreOffice, poppler-utils, gettext / installing LibreOffice (PDF of reports), gettext"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation2 gettext; }

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP) browser office
	$(VENV)/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test: lint types pytest

# Benchmarks on the national synthetic set (PostgreSQL; ~15 minutes): not part of `make test`.
bench: $(STAMP)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-bench.txt
	bash bench/run.sh

messages: $(STAMP)
	$(PY) manage.py makemessages -l en --no-obsolete -i ".venv/*"
	$(PY) tools/fill_en.py
	$(PY) manage.py compilemessages -l en -i ".venv"

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
