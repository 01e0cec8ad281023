#!/usr/bin/python3
"""Lets Debian's az (2.45, MSAL 1.21) sign in to Coffer's authority without asking Microsoft about it.

MSAL validates an authority host it does not know by asking login.microsoftonline.com for "instance discovery"
(and, before using a cached token, for the aliases of Microsoft's hosts), and az 2.45 gives no setting to turn that
off; without a network (or with one) Microsoft does not know Coffer. az keeps MSAL's HTTP cache in
$AZURE_CONFIG_DIR/msal_http_cache.bin, so this records there, through MSAL's own cache code, the two answers:
"this authority's OIDC metadata is at {authority}/{tenant}/v2.0/.well-known/openid-configuration" and "no host
aliases". MSAL then reads Coffer's metadata as for any tenant. Nothing else is cached; the entries last ten years;
running it again is harmless.

usage: python3 az-instance-discovery.py --config-dir DIR --authority https://localhost:8443 --tenant TENANT-ID
"""

import argparse
import json
import os
import sys
import threading
import types

import requests
from azure.cli.core.auth.binary_cache import BinaryCache
from msal.application import ClientApplication
from msal.authority import WORLD_WIDE, _instance_discovery, canonicalize
from msal.individual_cache import _ExpiringMapping
from msal.throttled_http_client import ThrottledHttpClient

TEN_YEARS = 10 * 365 * 24 * 3600


def _json_response(payload):
    response = requests.models.Response()
    response.status_code = 200
    response.headers["Content-Type"] = "application/json"
    response._content = json.dumps(payload).encode("utf-8")
    return response


class _Answers:
    """Stands in for the network during the two calls: answers Microsoft's discovery URLs, refuses anything else."""

    def __init__(self, tenant_discovery_endpoint):
        self.instance = _json_response({"tenant_discovery_endpoint": tenant_discovery_endpoint, "api-version": "1.1", "metadata": []})
        self.aliases = _json_response({"api-version": "1.1", "metadata": []})
        self.given = []

    def get(self, url, **kwargs):
        if url == "https://{}/common/discovery/instance".format(WORLD_WIDE):
            answer = self.instance
        elif url.startswith("https://{}/common/discovery/instance?".format(WORLD_WIDE)):
            answer = self.aliases
        else:
            raise RuntimeError("unexpected request to " + url)
        self.given.append(answer)
        return answer

    def post(self, url, **kwargs):
        raise RuntimeError("unexpected request to " + url)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-dir", default=os.environ.get("AZURE_CONFIG_DIR", os.path.expanduser("~/.azure")))
    parser.add_argument("--authority", required=True, help="Coffer's authority host, e.g. https://localhost:8443")
    parser.add_argument("--tenant", required=True, help="the tenant id `coffer serve` prints")
    args = parser.parse_args()

    authority_url = "{}/{}".format(args.authority.rstrip("/"), args.tenant)
    authority, instance, _ = canonicalize(authority_url)
    answers = _Answers("{}/v2.0/.well-known/openid-configuration".format(authority_url))
    os.makedirs(args.config_dir, exist_ok=True)
    cache = BinaryCache(os.path.join(args.config_dir, "msal_http_cache.bin"))

    # The same calls MSAL makes, through the same caching client (on a scratch mapping), so the entries have exactly
    # the keys MSAL looks up.
    scratch = {}
    client = ThrottledHttpClient(answers, scratch)
    _instance_discovery("https://{}{}/oauth2/v2.0/authorize".format(instance, authority.path),
                        client, "https://{}/common/discovery/instance".format(WORLD_WIDE))
    ClientApplication._get_instance_metadata(types.SimpleNamespace(http_client=client))
    entries = {k: v for k, v in scratch.items() if any(v is given for given in answers.given)}
    if len(entries) != 2:
        sys.exit("MSAL did not cache the discovery answers; this MSAL version is not supported.")

    # MSAL keeps a discovery answer for a day; keep these for as long as the deployment.
    expiring = _ExpiringMapping(mapping=cache, capacity=1024, lock=threading.Lock())
    for key, response in entries.items():
        expiring.set(key, response, TEN_YEARS)
    print("az will read {}'s metadata from {}".format(authority_url, answers.instance.json()["tenant_discovery_endpoint"]))

if __name__ == "__main__":
    main()
