#!/usr/bin/env bash
# Runs the Python Azure SDK integration tests (Debian's python3-azure, run with /usr/bin/python3 and unittest)
# against a real Coffer server of their own.
#
#   bash tests/sdk-python/run.sh
#
# Environment (all optional): COFFER, COFFER_PORT, COFFER_DATA_DIR, COFFER_DATABASE, COFFER_SDK_READY as in
# tests/sdk-server.sh, and
#   COFFER_PY_TIMEOUT    seconds allowed for the whole test run (default 600)
#   COFFER_PY_SAME_GEO_VAULT, COFFER_PY_OTHER_GEO_VAULT
#                        names of the extra vaults the tests create (default pyus2 in westus2, pyeu in westeurope)
#
# Needs /usr/bin/python3 with python3-azure (apt), setsid and timeout; adds "127.0.0.1 <vault host>" lines to
# /etc/hosts when missing (Python does not resolve *.localhost here), so run it as root.
#
# Prints unittest's report and then "# pass N" and "# fail N"; exits non-zero on any failure
# (1 when the server could not be started).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PYTHON=/usr/bin/python3   # Debian's, where python3-azure lives: another python3 may come first on PATH
TEST_SECONDS="${COFFER_PY_TIMEOUT:-600}"
export COFFER_PY_SAME_GEO_VAULT="${COFFER_PY_SAME_GEO_VAULT:-pyus2}"
export COFFER_PY_OTHER_GEO_VAULT="${COFFER_PY_OTHER_GEO_VAULT:-pyeu}"
SDK_SUITE=sdk-python
# shellcheck source=tests/sdk-server.sh
source "$HERE/../sdk-server.sh"

if ! "$PYTHON" -c 'import azure.identity, azure.keyvault.keys, azure.keyvault.secrets, azure.keyvault.certificates' 2>/dev/null; then
  sdk_log "$PYTHON cannot import the Azure SDK: apt-get install python3-azure"
  exit 1
fi

# A port other than 443 on purpose: the Python SDK compares the vault's host and port with the challenge's resource.
sdk_server_start 19443 || exit 1
# requests (under azure-core and MSAL) trusts this bundle; every call here goes to Coffer.
export REQUESTS_CA_BUNDLE="$COFFER_CA_FILE"
for vault in "$COFFER_PY_SAME_GEO_VAULT" "$COFFER_PY_OTHER_GEO_VAULT"; do
  sdk_add_host "$(sdk_vault_host "$vault")"
done

sdk_run_tests "$TEST_SECONDS" "$PYTHON" "$HERE/run_tests.py"
