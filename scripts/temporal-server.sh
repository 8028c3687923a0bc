#!/usr/bin/env bash
# Prints the directory holding a Temporal server build (`temporal-server`) and
# its SQL schema tool (`temporal-sql-tool`), building both once from Go
# modules when they are missing.
#
# The server version is the one the Temporal CLI build pins (CLI v1.5.1 →
# go.temporal.io/server v1.29.1, see scripts/temporal-cli.sh). Both binaries
# are built inside a throwaway Go module that requires the CLI and the server
# at those versions, so every dependency resolves to the same version as in the
# CLI build and the Go build cache is shared with it.
#
# Cache: ${SYNTHLEDGER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/synthledger}/temporal-server-<version>/
# $TEMPORAL_SERVER_DIR, when set, names a directory that already holds both
# binaries and is printed as is. Exits 3 with a message when no build works.
set -euo pipefail

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-v1.29.1}"
cache_dir="${SYNTHLEDGER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/synthledger}"
out_dir="$cache_dir/temporal-server-$TEMPORAL_SERVER_VERSION"

have_both() { [ -x "$1/temporal-server" ] && [ -x "$1/temporal-sql-tool" ]; }

if [ -n "${TEMPORAL_SERVER_DIR:-}" ]; then
  if have_both "$TEMPORAL_SERVER_DIR"; then echo "$TEMPORAL_SERVER_DIR"; exit 0; fi
  echo "TEMPORAL_SERVER_DIR=$TEMPORAL_SERVER_DIR does not hold executable temporal-server and temporal-sql-tool" >&2
  exit 3
fi
if have_both "$out_dir"; then echo "$out_dir"; exit 0; fi

go_bin="$(command -v go || true)"
[ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go
if [ -z "$go_bin" ]; then
  echo "Go is needed to build the Temporal server $TEMPORAL_SERVER_VERSION (looked on PATH and in /usr/local/go/bin)." >&2
  exit 3
fi

mkdir -p "$out_dir"
(
  flock 9
  if have_both "$out_dir"; then exit 0; fi
  echo "Building the Temporal server $TEMPORAL_SERVER_VERSION and temporal-sql-tool from Go modules into $out_dir (once; many minutes on 2 cores)…" >&2
  mod_dir="$out_dir/module"
  rm -rf "$mod_dir"
  mkdir -p "$mod_dir"
  cat >"$mod_dir/go.mod" <<GOMOD
module synthledger.local/temporal-server

go 1.25.0

require (
	github.com/temporalio/cli $TEMPORAL_CLI_VERSION
	go.temporal.io/server $TEMPORAL_SERVER_VERSION
)

tool (
	github.com/temporalio/cli/cmd/temporal
	go.temporal.io/server/cmd/server
	go.temporal.io/server/cmd/tools/sql
)
GOMOD
  cd "$mod_dir"
  # Fills go.sum and the indirect requirements; the build list stays the CLI's
  # (the CLI requires this server version) so dependency versions match it.
  GOFLAGS=-mod=mod "$go_bin" mod tidy >&2
  "$go_bin" build -o "$out_dir/temporal-sql-tool.tmp" go.temporal.io/server/cmd/tools/sql >&2
  "$go_bin" build -o "$out_dir/temporal-server.tmp" go.temporal.io/server/cmd/server >&2
  mv "$out_dir/temporal-sql-tool.tmp" "$out_dir/temporal-sql-tool"
  mv "$out_dir/temporal-server.tmp" "$out_dir/temporal-server"
) 9>"$out_dir/.build.lock"

if have_both "$out_dir"; then echo "$out_dir"; exit 0; fi
echo "The Temporal server build did not produce $out_dir/temporal-server and temporal-sql-tool (see the Go output above)." >&2
exit 3
