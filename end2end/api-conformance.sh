#!/usr/bin/env bash
# Runs schemathesis against a running Flyt's /api/v1/openapi.json with an API token of
# the demo administrator: no answer may be a 5xx, and every answer must match its
# documented status codes and schema. Bounded (a few examples per operation) so it fits
# in CI.   end2end/api-conformance.sh http://127.0.0.1:3000
# (The "coverage" phase is left out: schemathesis 4.32.5 fails inside itself on one
# operation there.)
set -euo pipefail
BASE="${1:?base URL}"
JAR="$(mktemp)"
trap 'rm -f "$JAR"' EXIT
curl -sf -c "$JAR" -H 'content-type: application/json' -d '{"email":"demo@flyt.test","password":"demo"}' "$BASE/api/v1/session" >/dev/null
TOKEN="$(curl -sf -b "$JAR" --data-urlencode "name=schemathesis-$(date +%s%N)" --data-urlencode role=admin \
  $(for s in read setup sales purchasing stock accounting parties; do printf -- '--data-urlencode scopes[%s]=on ' "$s"; done) "$BASE/api/setup/tokens/create" | python3 -c 'import json,sys; print(json.load(sys.stdin))')"
st run "$BASE/api/v1/openapi.json" \
  --url "$BASE" \
  -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --exclude-path /api/v1/session \
  --phases examples,fuzzing \
  --max-examples "${FLYT_SCHEMATHESIS_EXAMPLES:-10}" \
  --workers 2 \
  --seed 20261205 \
  --suppress-health-check all \
  --no-color
