#!/usr/bin/env bash
# The README's test command. On a fresh Debian machine with the .NET SDK it installs what the tests
# need (node, npm, PostgreSQL, azure-cli and Debian's Azure SDK for Python from apt when missing, the JS SDKs with
# npm ci, NuGet packages with dotnet restore), builds with warnings as errors, runs every .NET test project and the JS
# and Python SDK suites (twice: on embedded SQLite, then on a throw-away PostgreSQL cluster), and ends with one line
# "N passed, N failed". Exits non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

passed=0
failed=0
fail() { echo "test.sh: $*" >&2; failed=$((failed + 1)); }

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# Debian's az (2.45) for the az keyvault tests (tests/Coffer.Cli.Tests/AzCliTests.cs).
command -v az >/dev/null || missing+=(azure-cli)
# The PostgreSQL store tests start a throw-away cluster of their own from these binaries (no service is used).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# The Python SDK suite runs on Debian's python3 with Debian's Azure SDK (no pip).
/usr/bin/python3 -c 'import azure.identity, azure.keyvault.keys, azure.keyvault.secrets, azure.keyvault.certificates' 2>/dev/null \
  || missing+=(python3-azure)
# The portal's browser tests drive Debian's Chromium through Playwright (tests/Coffer.Portal.Tests; no browser download).
command -v chromium >/dev/null || missing+=(chromium)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}"; else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"; fi
fi

echo "== restore and build (Release, warnings as errors)"
if ! dotnet restore Coffer.slnx || ! dotnet build Coffer.slnx -c Release --no-restore -warnaserror -nologo -v quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

for project in tests/Coffer.*.Tests; do
  echo "== dotnet test $project"
  log=$(mktemp)
  timeout 1200 dotnet test "$project" -c Release --no-build --nologo 2>&1 | tee "$log"
  summary=$(grep -E '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    fail "$project produced no test summary"
  else
    failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")))
    passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")))
  fi
  rm -f "$log"
done

# Runs an SDK suite against a server of its own (tests/sdk-js/run.sh, tests/sdk-python/run.sh) and counts its closing
# "# pass N" and "# fail N" lines.
sdk_suite() {
  local log suite_pass suite_fail
  log=$(mktemp)
  COFFER="dotnet $root/src/Coffer/bin/Release/net10.0/coffer.dll" timeout 1200 bash "$2" 2>&1 | tee "$log"
  suite_pass=$(grep -E '^# pass [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
  suite_fail=$(grep -E '^# fail [0-9]+' "$log" | tail -n 1 | awk '{print $3}')
  if [ -z "$suite_pass" ] || [ -z "$suite_fail" ]; then
    fail "$1 produced no summary"
  else
    passed=$((passed + suite_pass))
    failed=$((failed + suite_fail))
  fi
  rm -f "$log"
}

echo "== JS SDK suites (tests/sdk-js), embedded SQLite"
sdk_suite "the JS suites (SQLite)" tests/sdk-js/run.sh
echo "== Python SDK suite (tests/sdk-python), embedded SQLite"
sdk_suite "the Python suite (SQLite)" tests/sdk-python/run.sh
echo "== JS SDK pollers against --azure-timing (tests/sdk-js/timing.test.mjs), embedded SQLite"
COFFER_JS_TESTS=timing COFFER_SERVE_ARGS="--azure-timing --azure-timing-seconds 3" \
  sdk_suite "the JS timing suite (SQLite)" tests/sdk-js/run.sh

# Once more on PostgreSQL: coffer serve reads COFFER_DATABASE; the cluster is made and removed here, one database
# per suite (each suite's server has a data directory, so a root key, of its own).
# shellcheck source=scripts/throwaway-postgres.sh
source scripts/throwaway-postgres.sh
trap throwaway_postgres_stop EXIT
if throwaway_postgres_start; then
  echo "== JS SDK suites (tests/sdk-js), PostgreSQL (a throw-away cluster)"
  COFFER_DATABASE="$THROWAWAY_POSTGRES" sdk_suite "the JS suites (PostgreSQL)" tests/sdk-js/run.sh
  echo "== Python SDK suite (tests/sdk-python), PostgreSQL (a throw-away cluster)"
  if python_database=$(throwaway_postgres_database coffer_python); then
    COFFER_DATABASE="$python_database" sdk_suite "the Python suite (PostgreSQL)" tests/sdk-python/run.sh
  else
    fail "no PostgreSQL database for the Python suite"
  fi
  throwaway_postgres_stop
else
  fail "no throw-away PostgreSQL cluster for the SDK suites"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
