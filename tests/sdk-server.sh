# A Coffer server of their own for the SDK suites' run scripts (tests/sdk-js/run.sh, tests/sdk-python/run.sh).
# Source this file after setting SDK_SUITE (a short tag for log lines), then:
#
#   sdk_server_start PREFERRED_PORT   # starts `coffer serve` and waits until it listens; exports the banner's
#                                     # AZURE_* settings, COFFER_PORT and COFFER_CA_FILE (the server's CA, PEM)
#   sdk_add_host HOST                 # appends "127.0.0.1 HOST" to /etc/hosts unless a line already maps it
#   sdk_vault_host NAME               # prints NAME.{the vault suffix}
#   sdk_run_tests SECONDS COMMAND...  # runs the tests within SECONDS and exits with their status; their passing
#                                     # lets the work directory go
#
# On exit the server (its own process group) is stopped and, unless the tests failed, the work directory removed.
#
# Environment (all optional):
#   COFFER            command prefix that runs coffer
#                     (default: dotnet $REPO/src/Coffer/bin/Release/net10.0/coffer.dll; nothing is built)
#   COFFER_PORT       port to serve on (default: PREFERRED_PORT when free, else a free one)
#   COFFER_DATA_DIR   data directory to use and keep (default: a temporary one, removed on exit)
#   COFFER_DATABASE   a PostgreSQL connection string: the server keeps its data there instead of SQLite
#                     (coffer serve reads this variable itself; scripts/test.sh sets it for its second run)
#   COFFER_SDK_READY  seconds to wait for the server to listen (default 60; COFFER_JS_READY is read too)
#   COFFER_SERVE_ARGS more `coffer serve` options, split on spaces (e.g. "--azure-timing --azure-timing-seconds 3")

SDK_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SDK_DEFAULT_DLL="$SDK_REPO/src/Coffer/bin/Release/net10.0/coffer.dll"
COFFER="${COFFER:-dotnet $SDK_DEFAULT_DLL}"
SDK_SERVER_PID=""
SDK_KEEP_WORK=0

sdk_log() { echo "[${SDK_SUITE:-sdk}] $*" >&2; }

sdk_server_cleanup() {
  local status=$?
  if [ -n "$SDK_SERVER_PID" ] && kill -0 "$SDK_SERVER_PID" 2>/dev/null; then
    # The server runs in its own process group (setsid): end the group, then make sure.
    kill -TERM -- "-$SDK_SERVER_PID" 2>/dev/null || kill -TERM "$SDK_SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do
      kill -0 "$SDK_SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$SDK_SERVER_PID" 2>/dev/null || kill -KILL "$SDK_SERVER_PID" 2>/dev/null
    wait "$SDK_SERVER_PID" 2>/dev/null
  fi
  # On failure the work directory (server log, CA, data) is kept; its path was printed before the tests.
  if [ "$SDK_KEEP_WORK" != 1 ] && [ -n "${SDK_WORK:-}" ]; then
    rm -rf "$SDK_WORK"
  fi
  exit "$status"
}

# Nothing accepts connections on the port (loopback): good enough for a test server that then binds it.
sdk_port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

sdk_free_port() {
  local port
  if sdk_port_is_free "$1"; then
    echo "$1"
    return 0
  fi
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if sdk_port_is_free "$port"; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

sdk_server_start() {
  if [ "$COFFER" = "dotnet $SDK_DEFAULT_DLL" ] && [ ! -f "$SDK_DEFAULT_DLL" ]; then
    sdk_log "$SDK_DEFAULT_DLL does not exist: build it (dotnet build src/Coffer -c Release) or set COFFER"
    return 1
  fi
  trap sdk_server_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  SDK_WORK="$(mktemp -d "${TMPDIR:-/tmp}/coffer-${SDK_SUITE:-sdk}.XXXXXX")"
  local data_dir="${COFFER_DATA_DIR:-$SDK_WORK/data}"
  mkdir -p "$data_dir"
  local server_log="$SDK_WORK/server.log" port
  port="${COFFER_PORT:-$(sdk_free_port "$1")}" || { sdk_log "no free port"; return 1; }

  sdk_log "starting: $COFFER serve --data-dir $data_dir --port $port ${COFFER_SERVE_ARGS:-}${COFFER_DATABASE:+ (database: COFFER_DATABASE=$COFFER_DATABASE)}"
  # shellcheck disable=SC2086 # COFFER is a command prefix and COFFER_SERVE_ARGS a list of options: both are meant to be split.
  setsid $COFFER serve --data-dir "$data_dir" --port "$port" ${COFFER_SERVE_ARGS:-} >"$server_log" 2>&1 </dev/null &
  SDK_SERVER_PID=$!

  local deadline=$((SECONDS + ${COFFER_SDK_READY:-${COFFER_JS_READY:-60}}))
  until grep -q "Coffer is listening on" "$server_log" 2>/dev/null; do
    if ! kill -0 "$SDK_SERVER_PID" 2>/dev/null; then
      sdk_log "the server exited before listening; its output:"
      cat "$server_log" >&2
      SDK_SERVER_PID=""
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      sdk_log "the server did not listen in time; its output:"
      cat "$server_log" >&2
      return 1
    fi
    sleep 0.2
  done
  # The banner is written in one go, but give the last lines a moment to land.
  for _ in $(seq 1 25); do
    grep -q "export AZURE_AUTHORITY_HOST=" "$server_log" && break
    sleep 0.2
  done

  # Connection settings from the banner ("  export NAME=value" lines); values are taken literally.
  local line name value
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"   # leading blanks
    line="${line#export }"
    name="${line%%=*}"
    value="${line#*=}"
    value="${value%$'\r'}"
    export "$name=$value"
  done < <(grep -E '^[[:space:]]*export AZURE_[A-Z_]+=' "$server_log")
  for name in AZURE_KEYVAULT_URL AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_AUTHORITY_HOST; do
    if [ -z "${!name:-}" ]; then
      sdk_log "the server did not print $name; its output:"
      cat "$server_log" >&2
      return 1
    fi
  done
  export COFFER_PORT="$port"
  sdk_log "vault $AZURE_KEYVAULT_URL, authority $AZURE_AUTHORITY_HOST"

  export COFFER_CA_FILE="$SDK_WORK/coffer-ca.pem"
  # shellcheck disable=SC2086
  if ! $COFFER cert export --data-dir "$data_dir" --out "$COFFER_CA_FILE" >&2 || [ ! -s "$COFFER_CA_FILE" ]; then
    sdk_log "could not export the CA certificate"
    return 1
  fi

  sdk_add_host "$(sdk_vault_host "$(sdk_default_vault)")"
  sdk_log "server log: $server_log (kept if the tests fail)"
  SDK_KEEP_WORK=1   # until the tests have passed
}

sdk_run_tests() {
  local seconds="$1" status
  shift
  timeout --kill-after=10 "$seconds" "$@"
  status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    sdk_log "the tests did not finish within ${seconds}s"
  fi
  if [ "$status" -eq 0 ]; then
    SDK_KEEP_WORK=0
  fi
  exit "$status"
}

# https://coffer.vault.localhost:18443 -> coffer
sdk_default_vault() {
  local host="${AZURE_KEYVAULT_URL#*://}"
  echo "${host%%.*}"
}

sdk_vault_host() {
  local host="${AZURE_KEYVAULT_URL#*://}"
  host="${host%%/*}"
  host="${host%%:*}"
  echo "$1.${host#*.}"
}

# node and Python do not resolve *.localhost here (glibc: files, dns).
sdk_add_host() {
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
    sdk_log "added '127.0.0.1 $host' to /etc/hosts"
  else
    sdk_log "WARNING: $host does not resolve and /etc/hosts is not writable; add '127.0.0.1 $host' to it"
  fi
}
