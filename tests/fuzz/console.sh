#!/usr/bin/env bash
# Fuzz every POST route of the web console, as every role, with that role's session and form
# token, and the public forms signed out (tests/fuzz/console_forms.py): each answer within 2 s, no 5xx, the server's resident
# memory under 300 MB throughout. Prints the figures; exits non-zero on any failure or when
# the service logged an error. Run by .ci/run, once, on SQLite: the forms' parsing does not
# depend on the database.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$(pwd)

BIN=${HOTLINE_BIN:-target/debug/hotline}
PER_ROUTE=${FUZZ_PER_ROUTE:-200}
[ -x "$BIN" ] || cargo build -q -p hotline

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export HOTLINE_DATA_DIR="$work/data" HOTLINE_DATABASE_URL="sqlite://$work/hotline.db"
export HOTLINE_LOG_FILTER=warn HOTLINE_LOG_FORMAT=json HOTLINE_METRICS_BIND=127.0.0.1:0
export HOTLINE_JWT_SECRET="fuzz-signing-secret-0123456789abcdef" HOTLINE_MASTER_KEY="fuzz-master-key-0123456789abcdef0123"
# One client signs in again and again from one address: the limits per address are lifted.
export HOTLINE_LOGIN_ADDRESS_PER_MINUTE=1000000 HOTLINE_LOGIN_ADDRESS_BURST=1000000
export HOTLINE_LOGIN_NAME_PER_HOUR=1000000 HOTLINE_LOGIN_NAME_BURST=1000000
export HOTLINE_PUBLIC_REPORTS_PER_HOUR=1000000 HOTLINE_PUBLIC_REPORTS_BURST=1000000
export HOTLINE_PUBLIC_LOOKUPS_PER_MINUTE=1000000
export HOTLINE_PASSWORD="fuzz-password-0123"

users=(
  "operator operator hue-hotline"
  "commune commune_worker cp-19900"
  "chair commune_chair cp-19900"
  "police police hue-police"
  "officer agency_officer hue-info"
  "supervisor supervisor hue-cpd"
  "planner plan_officer hue-education"
  "admin admin -"
  "victim commune_worker cp-19909"
)
for u in "${users[@]}"; do
  set -- $u
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
field() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

# Cases for the case routes, with their referrals (the police's for the inbox's moves).
op=$(token operator)
report() {
  curl -fsS "$base/api/v1/reports" -H "authorization: Bearer $op" -H 'content-type: application/json' -d "{
    \"channel\": \"hotline_111\", \"contact_type\": \"abuse_report\", \"categories\": [\"online_sexual_exploitation\"],
    \"place\": {\"commune_code\": 19900}, \"children\": [{\"name\": \"$1\", \"birth_year\": 2012}],
    \"online\": {\"platform\": \"facebook\", \"urls\": [\"https://facebook.com/$2\"], \"still_online\": true}}"
}
first=$(report "Lê Thị A" a)
report "Trần Văn B" b >/dev/null
case_id=$(echo "$first" | field 'd["case_id"]')
referral=$(echo "$first" | field '[r["id"] for r in d["referrals"] if r["agency_code"] == "hue-police"][0]')
victim=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id FROM users WHERE username = ?", ("victim",)).fetchone()[0])' "$work/hotline.db")

fill="case=$case_id,referral=$referral,referral_action=decline,decision=return,step=verification"
fill="$fill,mail=00000000-0000-4000-8000-000000000000,user=$victim,user_action=deactivate,agency=hue-info"
signed_in=""
for u in "${users[@]}"; do
  set -- $u
  [ "$1" = "victim" ] && continue
  signed_in="$signed_in${signed_in:+,}$1:$2"
done

status=0
python3 tests/fuzz/console_forms.py --base "$base" --pid "$server" --users "$signed_in" \
  --password "$HOTLINE_PASSWORD" --fill "$fill" --per-route "$PER_ROUTE" || status=$?
# The service's own errors (a fault, never a client's bad input).
server_errors=$(grep '"level":"ERROR"' "$work/serve.log" | grep -c '"target":"hotline' || true)
echo "console fuzz: errors the service logged: $server_errors"
grep '"level":"ERROR"' "$work/serve.log" | grep '"target":"hotline' | head -5 || true
if [ "$status" -ne 0 ] || [ "$server_errors" -ne 0 ]; then
  echo "console fuzz: FAILED" >&2
  exit 1
fi
