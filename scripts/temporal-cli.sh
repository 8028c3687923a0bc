#!/usr/bin/env bash
# Prints the path of a Temporal CLI binary (which includes the dev server),
# building it once from Go modules when none is installed.
#
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, the cached build in
# ${SYNTHLEDGER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/synthledger}/bin,
# a fresh `go install` into that cache. Exits 3 with a message when none of
# these works; callers with internet then let the Temporal SDK download it.
set -euo pipefail

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
cache_dir="${SYNTHLEDGER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/synthledger}"
bin_dir="$cache_dir/bin"

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  if [ -x "$TEMPORAL_CLI_PATH" ]; then echo "$TEMPORAL_CLI_PATH"; exit 0; fi
  echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file" >&2
  exit 3
fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if [ -x "$bin_dir/temporal" ]; then echo "$bin_dir/temporal"; exit 0; fi

go_bin="$(command -v go || true)"
[ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go
if [ -n "$go_bin" ]; then
  echo "Building the Temporal CLI $TEMPORAL_CLI_VERSION from Go modules into $bin_dir (once; a few minutes)…" >&2
  mkdir -p "$bin_dir"
  # Later tags carry `replace` directives that `go install` refuses; v1.5.1 installs cleanly.
  lock="$bin_dir/.build.lock"
  (
    flock 9
    if [ ! -x "$bin_dir/temporal" ]; then
      GOBIN="$bin_dir" "$go_bin" install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2
    fi
  ) 9>"$lock"
  if [ -x "$bin_dir/temporal" ]; then echo "$bin_dir/temporal"; exit 0; fi
fi

cat >&2 <<MSG
No Temporal CLI found. Tried: \$TEMPORAL_CLI_PATH (unset), 'temporal' on PATH,
$bin_dir/temporal, and building it with Go (${go_bin:-go not found}).
Fix one of:
  - install Go and rerun (the CLI is built once from Go modules), or
  - download the Temporal CLI and set TEMPORAL_CLI_PATH=/path/to/temporal.
MSG
exit 3
