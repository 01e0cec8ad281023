#!/usr/bin/env bash
# Runs the JavaScript Azure SDK integration tests against a real Coffer server.
#
#   bash tests/sdk-js/run.sh
#   COFFER_JS_TESTS="keycache crypto" bash tests/sdk-js/run.sh   # only these test files
#
# Environment (all optional):
#   COFFER               command prefix that runs coffer
#                        (default: dotnet $REPO/src/Coffer/bin/Release/net10.0/coffer.dll; nothing is built)
#   COFFER_PORT          port to serve on (default: a free port, 18443 when it is free)
#   COFFER_DATA_DIR      data directory to use and keep (default: a temporary one, removed on exit)
#   COFFER_DATABASE      a PostgreSQL connection string: the server keeps its data there instead of SQLite
#                        (coffer serve reads this variable itself; scripts/test.sh sets it for its second run)
#   COFFER_JS_TIMEOUT    seconds allowed for the whole node test run (default 600)
#   COFFER_JS_TESTS      the suites to run, by name (e.g. "keys backup" runs keys.test.mjs and backup.test.mjs; default: all but
#                        timing, which needs COFFER_SERVE_ARGS="--azure-timing": scripts/test.sh runs it on its own)
#   COFFER_SERVE_ARGS    more `coffer serve` options (tests/sdk-server.sh)
#   COFFER_JS_READY      seconds to wait for the server to listen (default 60; also COFFER_SDK_READY)
#   COFFER_JS_SECOND_VAULT, COFFER_JS_PROTECTED_VAULT, COFFER_JS_RBAC_VAULT
#                        names of the extra vaults the tests create (default jsv2, jsprot, jsrbac)
#
# Needs node >= 20, npm (first run: npm ci), setsid and timeout; adds "127.0.0.1 <vault host>"
# lines to /etc/hosts when missing (node does not resolve *.localhost here), so run it as root.
#
# Prints node's TAP output, whose closing lines include "# pass N" and "# fail N",
# and exits with node's status (1 when the server could not be started).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEST_SECONDS="${COFFER_JS_TIMEOUT:-600}"
# A second vault, created by the tests through the management API, reached through its own host.
export COFFER_JS_SECOND_VAULT="${COFFER_JS_SECOND_VAULT:-jsv2}"
# And one with purge protection and a 7-day retention.
export COFFER_JS_PROTECTED_VAULT="${COFFER_JS_PROTECTED_VAULT:-jsprot}"
# And one that uses RBAC (authz.test.mjs).
export COFFER_JS_RBAC_VAULT="${COFFER_JS_RBAC_VAULT:-jsrbac}"
SDK_SUITE=sdk-js
# shellcheck source=tests/sdk-server.sh
source "$HERE/../sdk-server.sh"

command -v node >/dev/null || { sdk_log "node is not installed"; exit 1; }

# 1. Dependencies, exactly as locked.
if [ ! -d "$HERE/node_modules/@azure/keyvault-secrets" ] || [ ! -d "$HERE/node_modules/@azure/keyvault-keys" ] \
  || [ ! -d "$HERE/node_modules/@azure/keyvault-certificates" ] || [ ! -d "$HERE/node_modules/@azure/identity" ]; then
  sdk_log "installing dependencies (npm ci)"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) >&2 || { sdk_log "npm ci failed"; exit 1; }
fi

# 2. A server of its own (tests/sdk-server.sh): its banner's settings exported, the default vault's host resolving.
sdk_server_start 18443 || exit 1
export NODE_EXTRA_CA_CERTS="$COFFER_CA_FILE"
for vault in "$COFFER_JS_SECOND_VAULT" "$COFFER_JS_PROTECTED_VAULT" "$COFFER_JS_RBAC_VAULT"; do
  sdk_add_host "$(sdk_vault_host "$vault")"
done

# 3. The tests.
cd "$HERE" || exit 1
shopt -s nullglob
if [ -n "${COFFER_JS_TESTS:-}" ]; then
  TESTS=()
  for suite in $COFFER_JS_TESTS; do
    TESTS+=("./$suite.test.mjs")
  done
else
  TESTS=()
  for file in ./*.test.mjs; do
    [ "$file" = ./timing.test.mjs ] || TESTS+=("$file")
  done
fi
if [ "${#TESTS[@]}" -eq 0 ]; then
  sdk_log "no test files in $HERE"
  exit 1
fi
sdk_run_tests "$TEST_SECONDS" node --test --test-reporter=tap "${TESTS[@]}"
