# Sourced by the fuzzers: a throwaway hotline on SQLite with the users they act as, and a
# token for each. Expects BIN; sets work, server and base. The limits per address are lifted:
# a fuzzer is one client sending thousands of requests.

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

export HOTLINE_DATA_DIR="$work/data" HOTLINE_DATABASE_URL="sqlite://$work/hotline.db"
export HOTLINE_LOG_FILTER=warn HOTLINE_LOG_FORMAT=json HOTLINE_METRICS_BIND=127.0.0.1:0
export HOTLINE_JWT_SECRET="fuzz-signing-secret-0123456789abcdef" HOTLINE_MASTER_KEY="fuzz-master-key-0123456789abcdef0123"
export HOTLINE_LOGIN_ADDRESS_PER_MINUTE=1000000 HOTLINE_LOGIN_ADDRESS_BURST=1000000
export HOTLINE_LOGIN_NAME_PER_HOUR=1000000 HOTLINE_LOGIN_NAME_BURST=1000000
export HOTLINE_PUBLIC_REPORTS_PER_HOUR=1000000 HOTLINE_PUBLIC_REPORTS_BURST=1000000
export HOTLINE_PUBLIC_LOOKUPS_PER_MINUTE=1000000
export HOTLINE_PASSWORD="fuzz-password-0123"
# As the Dockerfile runs the service: two malloc arenas, not one per busy thread. The memory
# limit the forms' fuzzer checks is then the service's own, not glibc's per-thread heaps,
# which grow with how many threads the background jobs keep warm.
export MALLOC_ARENA_MAX=2

# add_users "username role agency" ...: an agency of "-" for none (the administrator).
add_users() {
  local u
  for u in "$@"; do
    set -- $u
    if [ "$3" = "-" ]; then "$BIN" user add --username "$1" --role "$2" >/dev/null
    else "$BIN" user add --username "$1" --role "$2" --agency "$3" >/dev/null; fi
  done
}

# start_server: serve on a free port and wait until it is ready.
start_server() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  "$BIN" serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
}

# token USERNAME: an access token for the user.
token() {
  curl -fsS "$base/api/v1/auth/token" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$HOTLINE_PASSWORD\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
