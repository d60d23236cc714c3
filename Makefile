# AgentInbox — `make demo` and `make test` do all the set-up on a fresh Debian machine.

SWIFT        ?= swift
DEB_PACKAGES := libncursesw5-dev libsqlite3-dev pkg-config tmux xz-utils python3 python3-venv chromium dovecot-imapd python3-aiosmtpd openssl man-db groff-base libpq-dev postgresql-15 postgresql-contrib
CORPUS       ?= ../shared/corpora/linux-mips-20k.mboxrd.xz
DEMO_DIR     ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/inbox/demo
INBOX        := .build/debug/inbox
PYMAP_VENV   := .build/pymap-venv

.PHONY: all deps pymap build test lint demo bench release clean install install-files uninstall manual

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

## Check the code's format against .swift-format (`swift format format -i -r Sources Tests` fixes it).
lint:
	$(SWIFT) format lint --strict -r Sources Tests

## Tests that drive a real terminal, put their own load on the store, or hold a clock bound
## (a change seen within 1 s, new mail within 2 s, a take-over within 10 s): they run one at a
## time after the rest, on a machine the other suites no longer load (two cores in CI, where
## a tmux capture then came seconds apart and an import took more than 30 s to start).
SERIAL_TESTS := Tmux|LockLoad|WithinTwoSeconds|WithinASecond|SyncWorkersTests|ChangeFeedTests|LiveUpdates|AccountLeaseTests|scoreATicketQuitAndSeeTheSummary

## Build and run every test: the most in parallel, then SERIAL_TESTS one by one.
test: deps pymap lint
	$(SWIFT) build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(SERIAL_TESTS)'
	$(SWIFT) test --skip-build --no-parallel --filter '$(SERIAL_TESTS)'

## Load the demo mailbox into a fresh database and open the inbox.
demo: build
	@rm -rf "$(DEMO_DIR)" && mkdir -p "$(DEMO_DIR)"
	@cp Fixtures/demo/config.toml "$(DEMO_DIR)/config.toml"
	@cp Fixtures/demo/rules-demo.toml "$(DEMO_DIR)/rules.toml"
	@cp -R Fixtures/demo/templates "$(DEMO_DIR)/templates"
	@printf '\n[replies]\ntemplates = "%s/templates"\n' "$(abspath $(DEMO_DIR))" >> "$(DEMO_DIR)/config.toml"
	@cp -R Fixtures/demo/kb "$(DEMO_DIR)/kb"
	@printf '\n[kb]\nfolder = "%s/kb"\nbase_url = "https://help.nordlys.example/"\n' "$(abspath $(DEMO_DIR))" >> "$(DEMO_DIR)/config.toml"
	@printf '\n[survey]\nafter = "1h"\nreopen_below = 3\n' >> "$(DEMO_DIR)/config.toml"
	@export INBOX_DB="$(DEMO_DIR)/inbox.sqlite" INBOX_CONFIG="$(DEMO_DIR)/config.toml"; \
	$(INBOX) init >/dev/null && \
	$(INBOX) import mbox Fixtures/demo/support.mbox && \
	$(INBOX) import maildir Fixtures/demo/returns && \
	$(INBOX) import eml Fixtures/demo/eml && \
	$(INBOX) orders import --store nordlys Fixtures/demo/orders/shopify-orders.csv Fixtures/demo/orders/woocommerce-orders.json && \
	echo "Demo database: $(DEMO_DIR)/inbox.sqlite (export INBOX_DB=$(DEMO_DIR)/inbox.sqlite INBOX_CONFIG=$(DEMO_DIR)/config.toml to keep using it)" && \
	$(INBOX)

## Release-build benchmarks on the 20k-message corpus (numbers go in docs/performance.md).
## The PostgreSQL sections run on a temporary PostgreSQL 15 the bench starts on loopback (when
## installed); BENCH_FLAGS="--postgresql postgresql://user@host/db" measures an existing server
## instead, BENCH_FLAGS=--postgresql-only runs just those sections (docs/performance.md).
BENCH_FLAGS ?=
bench: release
	.build/release/inbox-bench --inbox .build/release/inbox --corpus "$(CORPUS)" $(BENCH_FLAGS)

## make install PREFIX=/usr/local DESTDIR=: the release binary, man pages (argument-parser's
## generate-manual plugin), bash/zsh/fish completions and systemd user units (docs/install.md).
PREFIX        ?= /usr/local
BINDIR        := $(PREFIX)/bin
MAN1DIR       := $(PREFIX)/share/man/man1
BASHCOMPDIR   := $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR    := $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR   := $(PREFIX)/share/fish/vendor_completions.d
USERUNITDIR   := $(PREFIX)/lib/systemd/user
UNITS         := inbox-sync.service inbox-tick.service inbox-tick.timer
## release, or debug for a quick trial install.
CONFIGURATION ?= release
## Extra flags for swift (the tests pass --ignore-lock: they run inside `swift test`, which holds .build's lock).
SWIFTPM_FLAGS ?=
MANUAL_DIR    := .build/plugins/GenerateManual/outputs/inbox

manual:
	$(SWIFT) package $(SWIFTPM_FLAGS) plugin generate-manual --configuration $(CONFIGURATION) --multi-page --authors "The AgentInbox authors" --section 1

install: manual
	$(SWIFT) build $(SWIFTPM_FLAGS) -c $(CONFIGURATION) --product inbox
	@$(MAKE) --no-print-directory install-files BIN=.build/$(CONFIGURATION)/inbox

## Copies the built files (BIN, the pages in MANUAL_DIR) without building.
install-files:
	@test -x "$(BIN)" || { echo "No binary at $(BIN) (run make install, or pass BIN=path)"; exit 1; }
	@ls $(MANUAL_DIR)/*.1 >/dev/null 2>&1 || { echo "No man pages in $(MANUAL_DIR) (run make manual)"; exit 1; }
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MAN1DIR)" "$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(ZSHCOMPDIR)" \
	  "$(DESTDIR)$(FISHCOMPDIR)" "$(DESTDIR)$(USERUNITDIR)"
	install -m 755 "$(BIN)" "$(DESTDIR)$(BINDIR)/inbox"
	install -m 644 $(MANUAL_DIR)/*.1 "$(DESTDIR)$(MAN1DIR)/"
	"$(BIN)" --generate-completion-script bash > "$(DESTDIR)$(BASHCOMPDIR)/inbox"
	"$(BIN)" --generate-completion-script zsh > "$(DESTDIR)$(ZSHCOMPDIR)/_inbox"
	"$(BIN)" --generate-completion-script fish > "$(DESTDIR)$(FISHCOMPDIR)/inbox.fish"
	for u in $(UNITS); do \
	  sed 's|@BINDIR@|$(BINDIR)|g' Packaging/systemd/$$u > "$(DESTDIR)$(USERUNITDIR)/$$u" && chmod 644 "$(DESTDIR)$(USERUNITDIR)/$$u"; \
	done
	@echo ""
	@echo "Installed inbox $$("$(BIN)" --version) in $(DESTDIR)$(BINDIR)."
	@echo "To keep mail flowing in the background (systemd user units in $(USERUNITDIR)):"
	@echo "  systemctl --user daemon-reload"
	@echo "  systemctl --user enable --now inbox-sync.service   # inbox sync --watch"
	@echo "  systemctl --user enable --now inbox-tick.timer     # inbox tick every minute: outbox, snoozes, rules"
	@echo "  loginctl enable-linger $$USER                        # keep them running while you are logged out"
	@echo "Check the setup with: inbox doctor"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/inbox" "$(DESTDIR)$(MAN1DIR)"/inbox.1 "$(DESTDIR)$(MAN1DIR)"/inbox.*.1 \
	  "$(DESTDIR)$(BASHCOMPDIR)/inbox" "$(DESTDIR)$(ZSHCOMPDIR)/_inbox" "$(DESTDIR)$(FISHCOMPDIR)/inbox.fish"
	for u in $(UNITS); do rm -f "$(DESTDIR)$(USERUNITDIR)/$$u"; done
	@echo "Removed inbox from $(DESTDIR)$(PREFIX). Your config, database and log stay in ~/.config/inbox, ~/.local/share/inbox and ~/.local/state/inbox."

clean:
	rm -rf .build
