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

. tests/fuzz/server.sh

users=(
  "operator operator hue-hotline"
  "commune commune_worker cp-19900"
  "chair commune_chair cp-19900"
  "police police hue-police"
  "officer agency_officer hue-info"
  "department agency_officer hue-cpd"
  "supervisor supervisor hue-cpd"
  "planner plan_officer hue-education"
  "admin admin -"
  "victim commune_worker cp-19909"
)
add_users "${users[@]}"

start_server
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
second=$(report "Trần Văn B" b)
case_id=$(echo "$first" | field 'd["case_id"]')
# A transfer of the second case to Dương Nỗ, for the transfers' answers.
commune=$(token commune)
transfer=$(curl -fsS "$base/api/v1/cases/$(echo "$second" | field 'd["case_id"]')/transfers" \
  -H "authorization: Bearer $commune" -H 'content-type: application/json' \
  -d '{"to_commune_code": 19909, "reason": "Trẻ chuyển nơi ở."}' | field 'd["id"]')
referral=$(echo "$first" | field '[r["id"] for r in d["referrals"] if r["agency_code"] == "hue-police"][0]')
victim=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id FROM users WHERE username = ?", ("victim",)).fetchone()[0])' "$work/hotline.db")

fill="case=$case_id,referral=$referral,referral_action=decline,decision=return,step=verification"
fill="$fill,mail=00000000-0000-4000-8000-000000000000,webhook=msg_00000000000000000000000000000000,user=$victim,user_action=deactivate,agency=hue-info"
fill="$fill,transfer=$transfer,transfer_answer=cancel,hold=00000000-0000-4000-8000-000000000001"
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
