#!/usr/bin/env bash
# After `npm run demo`: starts the compiled `synthledger serve` on a free loopback
# port (the demo's Temporal dev server is gone by then), and checks that the index
# lists the demo's synthesis as PUBLISHED, that its page shows the manifest hash the
# demo printed, and that its history page is built from the history archived in the
# ledger. The server is killed by its PID on every exit path.
#
#   bash scripts/check-served-demo.sh <demo log>
#
# <demo log> is the demo's output (stdout and stderr), which names the synthesis
# ("[demo] 4/6 synthesis <id>") and its manifest hash ("manifest hash  sha256:…").
set -euo pipefail
cd "$(dirname "$0")/.."

demo_log="${1:?usage: check-served-demo.sh <demo log>}"
id="$(sed -n 's/^\[demo\] 4\/6 synthesis \([A-Za-z0-9._:-]*\)$/\1/p' "$demo_log" | tail -1)"
hash="$(sed -n 's/^manifest hash  *\(sha256:[0-9a-f]\{64\}\)$/\1/p' "$demo_log" | tail -1)"
if [ -z "$id" ] || [ -z "$hash" ]; then
  echo "check-served-demo: the demo log names no synthesis id or manifest hash" >&2
  exit 1
fi

port="$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
base="http://127.0.0.1:$port"
server_log="$(mktemp)"
node bin/synthledger.js serve --port "$port" --host 127.0.0.1 --log-format json >"$server_log" 2>&1 &
server_pid=$!
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -f "$server_log"
}
trap stop_server EXIT
fail() {
  echo "check-served-demo: $*" >&2
  echo "--- synthledger serve output:" >&2
  cat "$server_log" >&2
  exit 1
}

# GET a page: prints the body, fails on a non-200 status or after 5 s.
get() {
  node -e "
    fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
      .then(async (r) => { const body = await r.text(); if (r.status !== 200) { console.error(r.status + ' ' + process.argv[1]); process.exit(1); } process.stdout.write(body); })
      .catch((e) => { console.error(e.message); process.exit(1); });" "$1"
}

# The server answers within 15 s (it connects to the ledger and tries Temporal first).
for i in $(seq 1 60); do
  if get "$base/" >/dev/null 2>&1; then break; fi
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited"
  [ "$i" -lt 60 ] || fail "no answer on $base within 15 s"
  sleep 0.25
done

index="$(get "$base/")" || fail "GET / failed"
grep -q "<tr data-synthesis=\"$id\">.*data-status=\"PUBLISHED\"" <<<"$(tr -d '\n' <<<"$index" | sed 's/<tr /\n<tr /g')" \
  || fail "the index does not list $id as PUBLISHED"
page="$(get "$base/s/$id")" || fail "GET /s/$id failed"
grep -q 'data-status="PUBLISHED"' <<<"$page" || fail "the page of $id does not say PUBLISHED"
grep -q "data-field=\"manifest-hash\">$hash<" <<<"$page" || fail "the page of $id does not show the manifest hash $hash"
history="$(get "$base/s/$id/history")" || fail "GET /s/$id/history failed"
grep -q "data-workflow=\"$id\" data-source=\"archive\"" <<<"$history" || fail "the history of $id is not built from the archived history"
grep -q '<td>publishSynthesis ' <<<"$history" || fail "the history of $id lists no publishSynthesis activity"
echo "== synthledger serve on $base shows $id: PUBLISHED, manifest hash $hash, history from the ledger's archive"
