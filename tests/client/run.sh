#!/usr/bin/env bash
# A client library generated from the service's own OpenAPI document (openapi-python-client,
# in a virtualenv under target/), with no hand edits, logs a report as a machine client and
# reads its status (tests/client/use_client.py). Run by .ci/run, once, on SQLite: the
# contract does not depend on the database.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=$(pwd)

BIN=${HOTLINE_BIN:-target/debug/hotline}
VENV=${CLIENT_VENV:-target/tmp/client-venv}
case "$VENV" in /*) ;; *) VENV="$here/$VENV" ;; esac
if [ ! -x "$VENV/bin/openapi-python-client" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "openapi-python-client==0.29.1"
fi
[ -x "$BIN" ] || cargo build -q -p hotline

. tests/fuzz/server.sh
add_users "root admin -"
start_server

admin=$(token root)
client=$(curl -fsS "$base/api/v1/admin/clients" -H "authorization: Bearer $admin" \
  -H 'content-type: application/json' \
  -d '{"name": "Phần mềm tổng đài 111", "agency_code": "hue-hotline", "permissions": ["reports.create", "reports.status"]}')
field() { echo "$client" | python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }

curl -fsS "$base/api-docs/openapi.json" -o "$work/openapi.json"
(cd "$work" && "$VENV/bin/openapi-python-client" generate --path openapi.json --meta none \
  --output-path hotline_client >"$work/generate.log" 2>&1) || { cat "$work/generate.log"; exit 1; }
echo "generated client: $(grep -c '^def sync_detailed' -r "$work/hotline_client/api" | awk -F: '{s += $2} END {print s}') operations"
PYTHONPATH="$work" "$VENV/bin/python" tests/client/use_client.py "$base" "$(field client_id)" "$(field client_secret)"
