# AgentInbox — `make demo` and `make test` do all the set-up on a fresh Debian machine.

SWIFT        ?= swift
DEB_PACKAGES := libncursesw5-dev libsqlite3-dev pkg-config tmux xz-utils python3 python3-venv chromium dovecot-imapd python3-aiosmtpd openssl
CORPUS       ?= ../shared/corpora/linux-mips-20k.mboxrd.xz
DEMO_DIR     ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/inbox/demo
INBOX        := .build/debug/inbox
PYMAP_VENV   := .build/pymap-venv

.PHONY: all deps pymap build test demo bench release clean

all: build

## Install the Debian packages the build and the tests need (as root), or say the exact line.
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing"; \
	    echo "Run: sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

## pymap (PyPI), the second IMAP server the sync tests run against, in a venv under .build/.
pymap: $(PYMAP_VENV)/bin/pymap

$(PYMAP_VENV)/bin/pymap:
	python3 -m venv $(PYMAP_VENV)
	$(PYMAP_VENV)/bin/pip install -q pymap==0.36.7

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product inbox
	$(SWIFT) build -c release --product inbox-bench

## Build and run every test.
test: deps pymap
	$(SWIFT) build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Load the demo mailbox into a fresh database and open the inbox.
demo: build
	@rm -rf "$(DEMO_DIR)" && mkdir -p "$(DEMO_DIR)"
	@cp Fixtures/demo/config.toml "$(DEMO_DIR)/config.toml"
	@cp -R Fixtures/demo/templates "$(DEMO_DIR)/templates"
	@printf '\n[replies]\ntemplates = "%s/templates"\n' "$(abspath $(DEMO_DIR))" >> "$(DEMO_DIR)/config.toml"
	@cp -R Fixtures/demo/kb "$(DEMO_DIR)/kb"
	@printf '\n[kb]\nfolder = "%s/kb"\nbase_url = "https://help.nordlys.example/"\n' "$(abspath $(DEMO_DIR))" >> "$(DEMO_DIR)/config.toml"
	@export INBOX_DB="$(DEMO_DIR)/inbox.sqlite" INBOX_CONFIG="$(DEMO_DIR)/config.toml"; \
	$(INBOX) init >/dev/null && \
	$(INBOX) import mbox Fixtures/demo/support.mbox && \
	$(INBOX) import maildir Fixtures/demo/returns && \
	$(INBOX) import eml Fixtures/demo/eml && \
	$(INBOX) orders import --store nordlys Fixtures/demo/orders/shopify-orders.csv Fixtures/demo/orders/woocommerce-orders.json && \
	echo "Demo database: $(DEMO_DIR)/inbox.sqlite (export INBOX_DB=$(DEMO_DIR)/inbox.sqlite INBOX_CONFIG=$(DEMO_DIR)/config.toml to keep using it)" && \
	$(INBOX)

## Release-build benchmarks on the 20k-message corpus (numbers go in docs/performance.md).
bench: release
	.build/release/inbox-bench --inbox .build/release/inbox --corpus "$(CORPUS)"

clean:
	rm -rf .build
