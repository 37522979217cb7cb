#!/usr/bin/env bash
# Shared set-up for ./run.sh and ./test.sh: installs what is missing on a fresh
# machine (Debian + rustup), pinned, from the package registries only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/flyt-target}"
# Incremental caches of every build variant grew to >50 GB on one machine; whole
# crates still rebuild only when they change.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
CARGO_LEPTOS_VERSION=0.3.10

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_apt() { # packages...
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
  fi
}

# Node.js and npm: present on machines of this kind (npm ships inside the nodejs
# package there); install Debian's only when the commands are missing.
ensure_node() {
  command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1 || ensure_apt nodejs npm
}

# Python packages for the tests (a real SMTP server), pinned, from PyPI.
ensure_py() { # module==version
  local spec="$1" module="${1%%==*}"
  python3 -c "import $module" >/dev/null 2>&1 || { log "installing $spec"; python3 -m pip install -q "$spec"; }
}

# A real Tryton CRM for the CRM sync's tests: trytond 8.2 with its party, company,
# sale_opportunity and project modules from PyPI, in a venv of its own outside the clone
# (server/tests/crm.rs finds it there, or at $FLYT_TRYTON_VENV).
TRYTON_VERSION="8.2.*"
ensure_tryton() {
  local venv="${FLYT_TRYTON_VENV:-$HOME/.cache/flyt-tryton}"
  if [ ! -x "$venv/bin/trytond" ] || ! "$venv/bin/python" -c "import trytond.modules.sale_opportunity, trytond.modules.project" >/dev/null 2>&1; then
    log "installing Tryton $TRYTON_VERSION (the test CRM) into $venv"
    python3 -m venv "$venv" 2>/dev/null || { ensure_apt python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install -q "trytond==$TRYTON_VERSION" "trytond-party==$TRYTON_VERSION" "trytond-company==$TRYTON_VERSION" \
      "trytond-sale-opportunity==$TRYTON_VERSION" "trytond-project==$TRYTON_VERSION"
  fi
}

ensure_cc() {
  command -v cc >/dev/null 2>&1 || ensure_apt build-essential pkg-config
}

ensure_rust_tools() {
  rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  # rustfmt and clippy check the code in test.sh (components of the toolchain)
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine, ~11 min)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  # wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock
  local wb
  wb="$(grep -A1 '^name = "wasm-bindgen"$' "$ROOT/Cargo.lock" | sed -n 's/version = "\(.*\)"/\1/p')"
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb"; then
    log "installing wasm-bindgen-cli $wb"
    cargo install wasm-bindgen-cli --version "$wb"
  fi
}

ensure_node_tools() {
  # binaryen's wasm-opt from npm (Debian's v108 breaks hydration), Playwright without browsers
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    log "installing end2end npm packages"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
  # a real Vendure shop for the webshop connector's tests (better-sqlite3 builds from
  # source when no prebuilt binary can be fetched: needs cc and python3)
  if [ ! -d "$ROOT/end2end/vendure/node_modules/@vendure/core" ]; then
    log "installing the test shop (Vendure) from npm"
    (cd "$ROOT/end2end/vendure" && npm ci --no-audit --no-fund)
  fi
}

build_release() {
  # --split: each area's pages are a WASM chunk of their own, fetched on the area's
  # first visit (app/src/routes.rs), so the first page downloads only login, shell and Home
  log "building Flyt (release: server + size-optimised WASM, split per area)"
  (cd "$ROOT" && cargo leptos build --release --split)
}
