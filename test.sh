#!/usr/bin/env bash
# Runs every test: unit tests, black-box server tests on SQLite and PostgreSQL,
# wasm-bindgen-test in headless Chromium, and the Playwright specs against a real
# server. Installs what is missing first.   ./test.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts.sh"
ensure_cc
ensure_node
ensure_apt chromium chromium-driver poppler-utils faketime libxml2-utils   # faketime: the company-clock test; xmllint: the SAF-T schema
ensure_py aiosmtpd==1.4.6
ensure_py saxonche==13.1.1   # the PEPPOL validator of ../shared/conformance (XSLT 3)
ensure_py lxml
ensure_py schemathesis==4.32.5   # API conformance of /api/v1 against its OpenAPI
ensure_tryton                    # a real CRM for the CRM sync tests
ensure_rust_tools
ensure_node_tools
cd "$ROOT"

log "format and lints: rustfmt, then clippy on the server build and on the browser build"
cargo fmt --all --check
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
cargo clippy -p app --features hydrate --lib --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p frontend --all-targets --target wasm32-unknown-unknown -- -D warnings

log "unit and black-box server tests (SQLite and PostgreSQL at 127.0.0.1:5432)"
cargo test --workspace

log "wasm-bindgen-test in headless Chromium"
cargo test -p frontend --target wasm32-unknown-unknown

build_release
log "Playwright specs against a real server (fresh demo database)"
E2E_DIR="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
SITE="$CARGO_TARGET_DIR/site"; [ -d "$SITE" ] || SITE="$ROOT/target/site"
DATABASE_URL="sqlite://$E2E_DIR/flyt.db" LEPTOS_SITE_ROOT="$SITE" LEPTOS_OUTPUT_NAME=flyt \
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" FLYT_DEMO=1 RUST_LOG=warn FLYT_ALLOW_PRIVATE_HOSTS=127.0.0.1,localhost \
  "$CARGO_TARGET_DIR/release/flyt" serve --demo > "$E2E_DIR/server.log" 2>&1 &
SERVER_PID=$!
# a real SMTP server for the e-mail steps of the specs, writing to a Maildir
SMTP_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$E2E_DIR/mail" > "$E2E_DIR/smtp.log" 2>&1 &
SMTP_PID=$!
trap 'kill $SERVER_PID $SMTP_PID 2>/dev/null || true; rm -rf "$E2E_DIR"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/api/v1/openapi.json" >/dev/null && break; sleep 0.2; done
(cd end2end && FLYT_E2E_URL="http://127.0.0.1:$PORT" FLYT_E2E_SMTP_PORT="$SMTP_PORT" FLYT_E2E_MAILBOX="$E2E_DIR/mail" npx playwright test) || { cat "$E2E_DIR/server.log"; exit 1; }

log "API conformance: schemathesis against /api/v1/openapi.json (bounded examples)"
"$ROOT/end2end/api-conformance.sh" "http://127.0.0.1:$PORT" || { grep -i panic "$E2E_DIR/server.log" | tail -5; exit 1; }
log "all tests passed"
