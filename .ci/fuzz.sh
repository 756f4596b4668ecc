#!/usr/bin/env bash
# Bounded schemathesis run (about 3 minutes) against the example project's JSON API, on
# loopback only: no 5xx, and every answer must match the OpenAPI schema.
# Usage: .ci/fuzz.sh PYTHON SCHEMATHESIS
set -euo pipefail
PY=$1
ST=$2
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
export DATABASE_URL="sqlite:///$WORK/db.sqlite3" DJANGO_DEBUG=0 DJANGO_SETTINGS_MODULE=newsroom.settings
cd "$HERE/../example_project"
"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py load_demo_content >/dev/null
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 60); do
  curl -fs -o /dev/null "$BASE/api/analytics/openapi.json" && break
  sleep 0.5
done
# Real article ids, timing tickets and read tokens, so the fuzzer gets past the 404s.
"$PY" "$HERE/fuzz_config.py" "$BASE" "$WORK/st.toml"
cat "$HERE/fuzz-checks.toml" >>"$WORK/st.toml"
status=0
"$ST" --config-file "$WORK/st.toml" run "$BASE/api/analytics/openapi.json" --url "$BASE" \
  --max-examples 60 --max-time 150 --workers 1 --seed 20261128 --continue-on-failure \
  --request-timeout 10 --no-color || status=$?
if grep -q "Internal Server Error\|Traceback" "$WORK/server.log"; then
  echo "Server errors during the fuzz run:"; grep -B2 -A20 "Traceback" "$WORK/server.log" | head -80
  status=1
fi
exit $status
