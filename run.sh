#!/usr/bin/env bash
# Starts Flyt with the demo company on the embedded SQLite database:
#   ./run.sh            → http://127.0.0.1:3000, log in as demo@flyt.test / demo
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts.sh"
ensure_cc
ensure_node
ensure_rust_tools
ensure_node_tools
build_release
export DATABASE_URL="${DATABASE_URL:-sqlite://$ROOT/data/flyt.db}"
export LEPTOS_SITE_ROOT="$CARGO_TARGET_DIR/site" LEPTOS_OUTPUT_NAME=flyt LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
[ -d "$LEPTOS_SITE_ROOT" ] || export LEPTOS_SITE_ROOT="$ROOT/target/site"
echo
echo "Flyt: http://$LEPTOS_SITE_ADDR   log in as demo@flyt.test / demo (demo data only)"
echo "Database: $DATABASE_URL"
exec env FLYT_DEMO=1 "$CARGO_TARGET_DIR/release/flyt" serve --demo
