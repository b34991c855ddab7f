# assetpack: `make demo` builds the example pack into out/, `make test` runs the tests.
# Both set everything up first (a virtualenv in .venv, and the OCR engines from Debian).

VENV ?= .venv
PY := $(VENV)/bin/python
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor tesseract-ocr-hin \
	tesseract-ocr-ben tesseract-ocr-ara tesseract-ocr-tha tesseract-ocr-vie tesseract-ocr-script-deva \
	tesseract-ocr-script-arab tesseract-ocr-script-thai chromium systemd
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps demo test lint bench clean schemas

setup: system-deps $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,dask]'
	touch $@

# Tesseract reads Korean, Hindi, Bengali, Arabic, Thai and Vietnamese for the OCR check;
# Chromium drives the gallery's browser test. Installed only when missing.
system-deps:
	@if ! command -v tesseract >/dev/null || ! command -v chromium >/dev/null \
	   || ! command -v systemd-analyze >/dev/null \
	   || [ "$$(tesseract --list-langs 2>/dev/null \
	        | grep -cE '^(kor|hin|ben|ara|tha|vie|Devanagari|Arabic|Thai)$$')" != 9 ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

demo: setup
	$(VENV)/bin/assetpack build examples/spring-launch/brief.yaml -o out

test: setup
	$(PY) -m pytest -q -p no:cacheprovider

schemas: setup
	$(PY) schemas/generate.py

lint: setup
	$(PY) schemas/generate.py --check
	$(VENV)/bin/ruff check assetpack tests benchmarks
	$(VENV)/bin/ruff format --check assetpack tests benchmarks
	$(VENV)/bin/mypy assetpack

# The Satori + resvg peer needs its npm packages (benchmarks/peer_satori/package-lock.json);
# without npm, or offline, the benchmark runs and reports that peer as not measured.
bench: setup
	@if command -v npm >/dev/null; then \
		(cd benchmarks/peer_satori && npm ci --silent --no-audit --no-fund) \
		|| echo "npm ci failed: Satori + resvg will not be measured"; \
	else echo "npm not found: Satori + resvg will not be measured"; fi
	$(PY) -m benchmarks

clean:
	rm -rf out .venv .pytest_cache .mypy_cache .ruff_cache
