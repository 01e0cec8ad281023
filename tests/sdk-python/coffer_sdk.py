"""Shared setup for the Coffer Python SDK tests: connection settings from the environment (set by run.sh from the
server's banner), the credential, clients with the SDK's defaults (challenge-resource verification on), the extra
vaults the cross-vault tests restore into, and tidying."""
import json
import os
import ssl
import urllib.error
import urllib.parse
import urllib.request
import uuid

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.identity import ClientSecretCredential
from azure.keyvault.certificates import CertificateClient
from azure.keyvault.keys import KeyClient
from azure.keyvault.secrets import SecretClient


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: run these tests through tests/sdk-python/run.sh")
    return value


VAULT_URL = _required("AZURE_KEYVAULT_URL").rstrip("/")
AUTHORITY_HOST = _required("AZURE_AUTHORITY_HOST").rstrip("/")
SAME_GEOGRAPHY_VAULT = os.environ.get("COFFER_PY_SAME_GEO_VAULT", "pyus2")
OTHER_GEOGRAPHY_VAULT = os.environ.get("COFFER_PY_OTHER_GEO_VAULT", "pyeu")
POLL = {"_polling_interval": 0.1}  # the SDK's pollers wait 2 s between polls by default


def credential():
    # instance_discovery=False: MSAL would otherwise ask Microsoft's discovery host about this authority.
    # (Later azure-identity versions name it disable_instance_discovery=True.)
    return ClientSecretCredential(
        _required("AZURE_TENANT_ID"), _required("AZURE_CLIENT_ID"), _required("AZURE_CLIENT_SECRET"),
        authority=AUTHORITY_HOST, instance_discovery=False)


def vault_url_of(name):
    """https://{name}.vault.localhost:{port}: another vault of this deployment, under its own host."""
    url = urllib.parse.urlsplit(VAULT_URL)
    return f"{url.scheme}://{name}.{url.netloc.split('.', 1)[1]}"


def resource():
    """The port-less resource, https://vault.localhost: what the C++ SDK asks for, and what the management API takes."""
    host = urllib.parse.urlsplit(VAULT_URL).hostname
    return "https://" + host.split(".", 1)[1]


class Vault:
    """The three clients of one vault, as a user makes them: only the vault URL and the credential; and what the tests
    made there, to tidy."""

    def __init__(self, url, cred):
        self.url = url
        self.keys = KeyClient(url, cred)
        self.secrets = SecretClient(url, cred)
        self.certificates = CertificateClient(url, cred)
        self._made = []

    def operations(self, kind):
        """(backup, restore, begin_delete, purge, get) of "key", "secret" or "certificate"."""
        return {
            "key": (self.keys.backup_key, self.keys.restore_key_backup, self.keys.begin_delete_key,
                    self.keys.purge_deleted_key, self.keys.get_key),
            "secret": (self.secrets.backup_secret, self.secrets.restore_secret_backup, self.secrets.begin_delete_secret,
                       self.secrets.purge_deleted_secret, self.secrets.get_secret),
            "certificate": (self.certificates.backup_certificate, self.certificates.restore_certificate_backup,
                            self.certificates.begin_delete_certificate, self.certificates.purge_deleted_certificate,
                            self.certificates.get_certificate),
        }[kind]

    def delete(self, kind, name):
        """Soft-deletes and waits until the deleted object can be read."""
        self.operations(kind)[2](name, **POLL).wait()

    def made(self, kind, name):
        self._made.append((kind, name))
        return name

    def tidy(self):
        """Deletes and purges what the tests made here (best effort: some were never created or already gone)."""
        for kind, name in reversed(self._made):
            try:
                self.delete(kind, name)
            except ResourceNotFoundError:
                pass
            try:
                self.operations(kind)[3](name)
            except HttpResponseError:
                pass
        self._made.clear()


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def _management(method, path, cred, body=None):
    """Coffer's own management API (/_coffer/vaults), which has no Azure SDK client: plain HTTPS with the same CA."""
    token = cred.get_token(resource() + "/.default").token
    request = urllib.request.Request(
        AUTHORITY_HOST + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"})
    context = ssl.create_default_context(cafile=_required("REQUESTS_CA_BUNDLE"))
    try:
        with urllib.request.urlopen(request, context=context, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def ensure_vault(name, location, cred):
    """Creates a vault (a reused data directory may hold it already: 409) and returns its description."""
    status, answer = _management("POST", "/_coffer/vaults", cred, {"name": name, "location": location})
    if status != 201 and not (status == 409 and answer["error"]["code"] == "VaultAlreadyExists"):
        raise AssertionError(f"creating vault {name}: {status} {answer}")
    status, described = _management("GET", f"/_coffer/vaults/{name}", cred)
    if status != 200:
        raise AssertionError(f"showing vault {name}: {status} {described}")
    return described


def describe_vault(name, cred):
    status, described = _management("GET", f"/_coffer/vaults/{name}", cred)
    if status != 200:
        raise AssertionError(f"showing vault {name}: {status} {described}")
    return described


def delete_vault(name, cred):
    _management("DELETE", f"/_coffer/vaults/{name}", cred)
