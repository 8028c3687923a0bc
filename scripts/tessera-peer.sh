#!/usr/bin/env bash
# Prints the path of the tessera-peer binary (bench/tessera-peer: appends to a
# Tessera log on POSIX storage, the peer of `npm run bench:ledger`), building
# it once with Go when the cache does not hold it.
#
# The binary is cached as
# ${SYNTHLEDGER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/synthledger}/bin/tessera-peer-<tessera version>-<source hash>,
# the Tessera version read from bench/tessera-peer/go.mod and the hash over
# that folder's go.mod, go.sum and main.go (a changed source builds anew).
# Exits 3 with a message when Go is missing or the build fails.
set -euo pipefail

src_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../bench/tessera-peer" && pwd)"
cache_dir="${SYNTHLEDGER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/synthledger}"
bin_dir="$cache_dir/bin"

tessera_version="$(awk '$1 == "github.com/transparency-dev/tessera" { print $2; exit }' "$src_dir/go.mod")"
if [ -z "$tessera_version" ]; then
  echo "No github.com/transparency-dev/tessera requirement in $src_dir/go.mod" >&2
  exit 3
fi
source_hash="$(cat "$src_dir/go.mod" "$src_dir/go.sum" "$src_dir/main.go" | sha256sum | cut -c1-12)"
bin="$bin_dir/tessera-peer-$tessera_version-$source_hash"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

go_bin="$(command -v go || true)"
[ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go
if [ -z "$go_bin" ]; then
  cat >&2 <<MSG
Go not found (not on PATH, not at /usr/local/go/bin/go): cannot build the Tessera peer
(Tessera $tessera_version) into $bin. Install Go 1.24 or later and rerun.
MSG
  exit 3
fi

echo "Building the Tessera peer (Tessera $tessera_version) with $go_bin into $bin (once; a minute or two)…" >&2
if ! mkdir -p "$bin_dir"; then
  echo "Cannot create the cache directory $bin_dir for the Tessera peer; set SYNTHLEDGER_CACHE_DIR to a writable directory." >&2
  exit 3
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
(
  flock 9
  if [ ! -x "$bin" ]; then
    tmp="$bin.tmp.$$"
    if (cd "$src_dir" && "$go_bin" build -trimpath -o "$tmp" .) >"$log" 2>&1; then
      mv "$tmp" "$bin"
    else
      rm -f "$tmp"
    fi
  fi
) 9>"$bin_dir/.tessera-peer.lock"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

{
  echo "Building the Tessera peer with $go_bin failed:"
  tail -n 20 "$log"
} >&2
exit 3
