#!/usr/bin/env bash
# Fuzz the JSON API from its own OpenAPI document with schemathesis (`--checks all`), once
# for each role with that role's token: every response must be documented (status, media
# type, schema), no request may get a 5xx. Prints the figures; exits non-zero on any failure
# or when fewer than FUZZ_MIN_REQUESTS requests were made. Run by .ci/run, once: the contract
# does not depend on the database, so it runs on SQLite.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$(pwd)

BIN=${HOTLINE_BIN:-target/debug/hotline}
EXAMPLES=${FUZZ_MAX_EXAMPLES:-25}
MIN_REQUESTS=${FUZZ_MIN_REQUESTS:-5000}
VENV=${FUZZ_VENV:-target/tmp/schemathesis-venv}
case "$VENV" in /*) ;; *) VENV="$here/$VENV" ;; esac
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==4.32.5"
fi
[ -x "$BIN" ] || cargo build -q -p hotline

. tests/fuzz/server.sh

roles=(
  "operator operator hue-hotline"
  "operator111 operator vn-111"
  "commune commune_worker cp-19900"
  "police police hue-police"
  "officer agency_officer hue-info"
  "supervisor supervisor hue-cpd"
  "admin admin -"
  "chair commune_chair cp-19900"
)
add_users "${roles[@]}"

start_server

# A few cases, so that lists and inboxes have something to show.
op=$(token operator)
for child in "Lê Thị A" "Trần Văn B"; do
  curl -fsS "$base/api/v1/reports" -H "authorization: Bearer $op" -H 'content-type: application/json' -d "{
    \"channel\": \"hotline_111\", \"contact_type\": \"abuse_report\", \"categories\": [\"online_sexual_exploitation\"],
    \"place\": {\"commune_code\": 19900}, \"children\": [{\"name\": \"$child\", \"birth_year\": 2012}],
    \"online\": {\"platform\": \"facebook\", \"urls\": [\"https://facebook.com/x\"], \"still_online\": true}}" >/dev/null
done

total=0
failed=0
for r in "${roles[@]}"; do
  set -- $r
  log="$work/st-$1.log"
  status=0
  (cd "$work" && "$VENV/bin/st" --config-file "$here/tests/fuzz/schemathesis.toml" run "$base/api-docs/openapi.json" \
    -H "Authorization: Bearer $(token "$1")" --checks all --max-examples "$EXAMPLES" \
    --workers 2 --request-timeout 30 --seed "${FUZZ_SEED:-20261130}") >"$log" 2>&1 || status=$?
  made=$(grep -oE '[0-9]+ generated' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  total=$((total + made))
  echo "fuzz as $1: $made requests, schemathesis exit $status"
  if [ "$status" -ne 0 ]; then
    failed=1
    sed -n '/FAILURES\|ERRORS\|Network Error\|Traceback/,$p' "$log" | head -150
    # Whatever the section is called, the end of the run says why; the log is kept.
    tail -40 "$log"
    mkdir -p "$here/target/tmp" && cp "$log" "$here/target/tmp/fuzz-$1.log"
  fi
done
# The service's own errors (a fault, never a client's bad input); actix's complaints about
# malformed requests the fuzzer sends are the client's.
server_errors=$(grep '"level":"ERROR"' "$work/serve.log" | grep -c '"target":"hotline' || true)
echo "fuzz: $total requests over ${#roles[@]} roles; errors the service logged: $server_errors"
grep '"level":"ERROR"' "$work/serve.log" | grep '"target":"hotline' | head -5 || true
if [ "$failed" -ne 0 ] || [ "$server_errors" -ne 0 ] || [ "$total" -lt "$MIN_REQUESTS" ]; then
  echo "fuzz: FAILED (failures above, or fewer than $MIN_REQUESTS requests)" >&2
  exit 1
fi
