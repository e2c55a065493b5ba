# One interface for the kit. Every target sets up what it needs on a fresh
# Debian machine with Python 3.11 (and root, for Debian's packages), and takes
# CONFIG=<file> for an organisation's edition (default: mkdocs.yml).
#   make serve     build the default edition and serve it on http://127.0.0.1:8000, with the hosting
#                  headers, building again when the content or the configuration changes
#   make site      build the web edition into site/
#   make kiosk     build the offline kiosk edition into dist/kiosk/, dist/kiosk.zip and its checksum
#   make leaflets  render the printed leaflets (PDF) into dist/leaflets/
#   make check     list every contact and whether it is due a check (STRICT=1: fail if one is)
#   make hosting   build site/, then write the web servers' recipes into dist/hosting/
#   make test      install everything and run the whole test suite
#   make bench     print build time, page weight and more against a plain Material build
CONFIG ?= mkdocs.yml
# The generator that writes the pages: mkdocs (the default, while Material is maintained) or zensical.
GENERATOR ?= mkdocs
export KIT_GENERATOR := $(GENERATOR)
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --quiet --disable-pip-version-check
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# firefox-esr, webkit2gtk-driver (WebKitWebDriver, and MiniBrowser in libwebkit2gtk-4.1-0), xvfb and xauth:
# the engine tests (tests/engines.py), which run the safety behaviours in Firefox and WebKit too.
SYSTEM_PACKAGES := chromium fonts-dejavu-core fonts-liberation poppler-utils libpango-1.0-0 libpangoft2-1.0-0 \
                   nginx apache2-bin media-types firefox-esr webkit2gtk-driver xvfb xauth
PORT ?= 8000
# Test workers (pytest-xdist): one per core; tests that share a built edition or a crawl run on the same one (tests/conftest.py).
TEST_JOBS ?= 2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve site test test-full bench leaflets kiosk hosting check system-packages clean

# Python packages (exact pins), then the kit's own package, supportkit/.
$(VENV_STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --no-deps -r requirements.txt
	$(PIP) install --no-deps -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-packages:
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
	  ( $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) )

site: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m supportkit site --config $(CONFIG) --out site

serve: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m supportkit serve --config $(CONFIG) --out site --port $(PORT)

hosting: site
	$(PY) -m supportkit hosting --config $(CONFIG) --site site --out dist/hosting $(if $(WEB_ROOT),--web-root $(WEB_ROOT))

test: $(VENV_STAMP) $(NODE_STAMP) system-packages
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadgroup --no-loadscope-reorder --durations=15 -m "not full"

# What make test leaves out to keep to about three minutes: the same checks on more pages,
# editions and moments (tests marked `full`; the README's "Tests" lists them). CI runs both.
test-full: $(VENV_STAMP) $(NODE_STAMP) system-packages
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadgroup --no-loadscope-reorder --durations=15 -m full

kiosk: $(VENV_STAMP) $(NODE_STAMP)
	$(PY) -m supportkit kiosk --config $(CONFIG)

check: $(VENV_STAMP)
	$(PY) -m supportkit check --config $(CONFIG)

leaflets: $(VENV_STAMP) $(NODE_STAMP) system-packages
	$(PY) -m supportkit leaflets --config $(CONFIG)

bench: $(VENV_STAMP) $(NODE_STAMP) system-packages
	$(PY) -m supportkit.bench --config $(CONFIG)

clean:
	rm -rf site dist .bench
