# Two commands on a fresh machine: `make run` (the assistant) and `make test` (the tests).
# Both create .venv themselves; torch==2.13.0 (CPU build) goes in before anything that pulls torch.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Debian packages for scanned PDFs (OCR) and .doc/.odt/.rtf (LibreOffice conversion).
DEB_PACKAGES := tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup run test lint bench eval browser system-packages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

run: setup system-packages
	$(VENV)/bin/khcn-qa serve

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# Installs only the packages dpkg does not already list as installed.
system-packages:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Cài gói Debian:$$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: setup browser system-packages
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: setup
	$(PY) benchmarks/benchmark.py

eval: setup
	$(VENV)/bin/khcn-qa eval
