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

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export HOTLINE_DATA_DIR="$work/data" HOTLINE_DATABASE_URL="sqlite://$work/hotline.db"
export HOTLINE_LOG_FILTER=warn HOTLINE_LOG_FORMAT=json HOTLINE_JWT_SECRET="fuzz-signing-secret-0123456789abcdef" HOTLINE_MASTER_KEY="fuzz-master-key-0123456789abcdef0123"
# The fuzzer is one client sending thousands of requests: limits per address are lifted.
export HOTLINE_LOGIN_ADDRESS_PER_MINUTE=1000000 HOTLINE_LOGIN_ADDRESS_BURST=1000000
export HOTLINE_LOGIN_NAME_PER_HOUR=1000000 HOTLINE_LOGIN_NAME_BURST=1000000
export HOTLINE_PUBLIC_REPORTS_PER_HOUR=1000000 HOTLINE_PUBLIC_REPORTS_BURST=1000000
export HOTLINE_PUBLIC_LOOKUPS_PER_MINUTE=1000000
export HOTLINE_PASSWORD="fuzz-password-0123"

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
for r in "${roles[@]}"; do
  set -- $r
  if [ "$3" = "-" ]; then "$BIN" user add --username "$1" --role "$2" >/dev/null
  else "$BIN" user add --username "$1" --role "$2" --agency "$3" >/dev/null; fi
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$BIN" serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

token() {
  curl -fsS "$base/api/v1/auth/token" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$HOTLINE_PASSWORD\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

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
