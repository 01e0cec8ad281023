#!/usr/bin/env bash
# Runs the JavaScript Azure SDK integration tests against a real Coffer server.
#
#   bash tests/sdk-js/run.sh
#   bash tests/sdk-js/run.sh keycache.test.mjs crypto.test.mjs     # only these test files
#
# Environment (all optional):
#   COFFER               command prefix that runs coffer
#                        (default: dotnet $REPO/src/Coffer/bin/Release/net10.0/coffer.dll; nothing is built)
#   COFFER_PORT          port to serve on (default: a free port, 18443 when it is free)
#   COFFER_DATA_DIR      data directory to use and keep (default: a temporary one, removed on exit)
#   COFFER_DATABASE      a PostgreSQL connection string: the server keeps its data there instead of SQLite
#                        (coffer serve reads this variable itself; scripts/test.sh sets it for its second run)
#   COFFER_JS_TIMEOUT    seconds allowed for the whole node test run (default 600)
#   COFFER_JS_READY      seconds to wait for the server to listen (default 60)
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
REPO="$(cd "$HERE/../.." && pwd)"
DEFAULT_DLL="$REPO/src/Coffer/bin/Release/net10.0/coffer.dll"
COFFER="${COFFER:-dotnet $DEFAULT_DLL}"
READY_SECONDS="${COFFER_JS_READY:-60}"
TEST_SECONDS="${COFFER_JS_TIMEOUT:-600}"
# A second vault, created by the tests through the management API, reached through its own host.
export COFFER_JS_SECOND_VAULT="${COFFER_JS_SECOND_VAULT:-jsv2}"
# And one with purge protection and a 7-day retention.
export COFFER_JS_PROTECTED_VAULT="${COFFER_JS_PROTECTED_VAULT:-jsprot}"
# And one that uses RBAC (authz.test.mjs).
export COFFER_JS_RBAC_VAULT="${COFFER_JS_RBAC_VAULT:-jsrbac}"

log() { echo "[sdk-js] $*" >&2; }

command -v node >/dev/null || { log "node is not installed"; exit 1; }
if [ "$COFFER" = "dotnet $DEFAULT_DLL" ] && [ ! -f "$DEFAULT_DLL" ]; then
  log "$DEFAULT_DLL does not exist: build it (dotnet build src/Coffer -c Release) or set COFFER"
  exit 1
fi

# 1. Dependencies, exactly as locked.
if [ ! -d "$HERE/node_modules/@azure/keyvault-secrets" ] || [ ! -d "$HERE/node_modules/@azure/keyvault-keys" ] \
  || [ ! -d "$HERE/node_modules/@azure/keyvault-certificates" ] || [ ! -d "$HERE/node_modules/@azure/identity" ]; then
  log "installing dependencies (npm ci)"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) >&2 || { log "npm ci failed"; exit 1; }
fi

# 2. Working directory and data directory.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/coffer-sdk-js.XXXXXX")"
if [ -n "${COFFER_DATA_DIR:-}" ]; then
  DATA_DIR="$COFFER_DATA_DIR"
  mkdir -p "$DATA_DIR"
else
  DATA_DIR="$WORK/data"
fi
SERVER_LOG="$WORK/server.log"
CA_FILE="$WORK/coffer-ca.pem"
SERVER_PID=""
KEEP_WORK=0

cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    # The server runs in its own process group (setsid): end the group, then make sure.
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  # On failure the work directory (server log, CA, data) is kept; its path was printed before the tests.
  if [ "$KEEP_WORK" != 1 ]; then
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 3. A free port.
port_is_free() {
  node -e '
    const s = require("net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(0)));
  ' "$1" 2>/dev/null
}
if [ -n "${COFFER_PORT:-}" ]; then
  PORT="$COFFER_PORT"
elif port_is_free 18443; then
  PORT=18443
else
  PORT="$(node -e '
    const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => console.log(p)); });
  ')"
fi

# 4. Start the server in its own process group, and wait until it listens.
log "starting: $COFFER serve --data-dir $DATA_DIR --port $PORT${COFFER_DATABASE:+ (database: COFFER_DATABASE=$COFFER_DATABASE)}"
# shellcheck disable=SC2086 # COFFER is a command prefix and is meant to be split.
setsid $COFFER serve --data-dir "$DATA_DIR" --port "$PORT" >"$SERVER_LOG" 2>&1 </dev/null &
SERVER_PID=$!

deadline=$((SECONDS + READY_SECONDS))
until grep -q "Coffer is listening on" "$SERVER_LOG" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server exited before listening; its output:"
    cat "$SERVER_LOG" >&2
    SERVER_PID=""
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "the server did not listen within ${READY_SECONDS}s; its output:"
    cat "$SERVER_LOG" >&2
    exit 1
  fi
  sleep 0.2
done
# The banner is written in one go, but give the last lines a moment to land.
for _ in $(seq 1 25); do
  grep -q "export AZURE_AUTHORITY_HOST=" "$SERVER_LOG" && break
  sleep 0.2
done

# 5. Connection settings from the banner ("  export NAME=value" lines); values are taken literally.
while IFS= read -r line; do
  line="${line#"${line%%[![:space:]]*}"}"   # leading blanks
  line="${line#export }"
  name="${line%%=*}"
  value="${line#*=}"
  value="${value%$'\r'}"
  export "$name=$value"
done < <(grep -E '^[[:space:]]*export AZURE_[A-Z_]+=' "$SERVER_LOG")
for name in AZURE_KEYVAULT_URL AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_AUTHORITY_HOST; do
  if [ -z "${!name:-}" ]; then
    log "the server did not print $name; its output:"
    cat "$SERVER_LOG" >&2
    exit 1
  fi
done
export COFFER_PORT="$PORT"
log "vault $AZURE_KEYVAULT_URL, authority $AZURE_AUTHORITY_HOST"

# 6. Trust the server's CA.
# shellcheck disable=SC2086
if ! $COFFER cert export --data-dir "$DATA_DIR" --out "$CA_FILE" >&2 || [ ! -s "$CA_FILE" ]; then
  log "could not export the CA certificate"
  exit 1
fi
export NODE_EXTRA_CA_CERTS="$CA_FILE"

# 7. Make the vault hosts resolve (node does not resolve *.localhost here).
add_host() {
  local host="$1"
  if grep -qE "^[[:space:]]*127\.0\.0\.1([[:space:]]+[^[:space:]]+)*[[:space:]]+${host//./\\.}([[:space:]]|$)" /etc/hosts 2>/dev/null; then
    return 0
  fi
  if [ -w /etc/hosts ]; then
    # Keep the new line off the end of a last line that lacks its newline.
    if [ -n "$(tail -c 1 /etc/hosts)" ]; then
      echo >>/etc/hosts
    fi
    echo "127.0.0.1 $host" >>/etc/hosts
    log "added '127.0.0.1 $host' to /etc/hosts"
  else
    log "WARNING: $host does not resolve and /etc/hosts is not writable; add '127.0.0.1 $host' to it"
  fi
}
VAULT_HOST="$(node -e 'console.log(new URL(process.argv[1]).hostname)' "$AZURE_KEYVAULT_URL")"
SUFFIX="${VAULT_HOST#*.}"
add_host "$VAULT_HOST"
add_host "$COFFER_JS_SECOND_VAULT.$SUFFIX"
add_host "$COFFER_JS_PROTECTED_VAULT.$SUFFIX"
add_host "$COFFER_JS_RBAC_VAULT.$SUFFIX"

# 8. The tests.
cd "$HERE" || exit 1
shopt -s nullglob
TESTS=(./*.test.mjs)
if [ "$#" -gt 0 ]; then
  TESTS=("${@/#/./}")
fi
if [ "${#TESTS[@]}" -eq 0 ]; then
  log "no test files in $HERE"
  exit 1
fi
log "server log: $SERVER_LOG (kept if the tests fail)"
KEEP_WORK=1   # until node has passed
timeout --kill-after=10 "$TEST_SECONDS" node --test --test-reporter=tap "${TESTS[@]}"
status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  log "the tests did not finish within ${TEST_SECONDS}s"
fi
if [ "$status" -eq 0 ]; then
  KEEP_WORK=0
fi
exit "$status"
