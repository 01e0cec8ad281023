"""Backup and restore of keys, secrets and certificates through the Azure SDK for Python (Debian's python3-azure),
with the clients' defaults — challenge-resource verification on — against a vault URL that carries a port: round
trips after a purge, 409 on a name in use, 400 for a blob of another geography, and restore into another vault of the
same subscription and geography."""
import hashlib
import unittest
import urllib.parse

from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.keyvault.certificates import CertificatePolicy
from azure.keyvault.keys.crypto import CryptographyClient, SignatureAlgorithm
from azure.keyvault.secrets import SecretClient
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from coffer_sdk import (OTHER_GEOGRAPHY_VAULT, POLL, SAME_GEOGRAPHY_VAULT, VAULT_URL, Vault, credential, delete_vault,
                        describe_vault, ensure_vault, unique, vault_url_of)


class Vaults:
    """The default vault, one of the same subscription and geography (westus2), one of another geography
    (westeurope): made once for every test here."""
    cred = None
    home = same_geography = other_geography = None


def setUpModule():
    Vaults.cred = credential()
    home = describe_vault(urllib.parse.urlsplit(VAULT_URL).hostname.split(".")[0], Vaults.cred)
    same = ensure_vault(SAME_GEOGRAPHY_VAULT, "westus2", Vaults.cred)
    other = ensure_vault(OTHER_GEOGRAPHY_VAULT, "westeurope", Vaults.cred)
    assert (home["geography"], same["geography"], other["geography"]) == ("US", "US", "Europe"), (home, same, other)
    assert home["subscriptionId"] == same["subscriptionId"] == other["subscriptionId"], (home, same, other)
    Vaults.home = Vault(VAULT_URL, Vaults.cred)
    Vaults.same_geography = Vault(vault_url_of(SAME_GEOGRAPHY_VAULT), Vaults.cred)
    Vaults.other_geography = Vault(vault_url_of(OTHER_GEOGRAPHY_VAULT), Vaults.cred)


def tearDownModule():
    for vault in (Vaults.home, Vaults.same_geography, Vaults.other_geography):
        if vault:
            vault.tidy()
    for name in (SAME_GEOGRAPHY_VAULT, OTHER_GEOGRAPHY_VAULT):
        delete_vault(name, Vaults.cred)


class ChallengeTests(unittest.TestCase):
    def test_vault_url_has_a_port_and_the_challenge_is_verified(self):
        port = urllib.parse.urlsplit(VAULT_URL).port
        self.assertIsNotNone(port, "run.sh serves on a port other than 443")
        # The same server under a host that does not end with the challenge's resource: the SDK refuses it.
        elsewhere = SecretClient(f"https://localhost:{port}", Vaults.cred)
        with self.assertRaisesRegex(ValueError, "does not match the requested domain"):
            elsewhere.get_secret("any")


class BackupCases:
    """The cases every kind shares. A kind's class names it (KIND), makes an object with its history (make) and checks
    that a vault holds that object as made, under the vault's own URL (assert_holds)."""
    KIND = ""

    def make(self, vault):
        raise NotImplementedError

    def assert_holds(self, vault, original):
        raise NotImplementedError

    def test_backup_purge_restore_brings_it_back_whole(self):
        home = Vaults.home
        backup, restore, _, purge, _ = home.operations(self.KIND)
        original = self.make(home)
        blob = backup(original["name"])
        home.delete(self.KIND, original["name"])
        purge(original["name"])

        restore(blob)

        self.assert_holds(home, original)

    def test_restore_while_the_name_is_active_or_soft_deleted_returns_409(self):
        home = Vaults.home
        backup, restore, *_ = home.operations(self.KIND)
        original = self.make(home)
        blob = backup(original["name"])

        with self.assertRaises(ResourceExistsError) as active:
            restore(blob)
        home.delete(self.KIND, original["name"])
        with self.assertRaises(ResourceExistsError) as deleted:
            restore(blob)

        self.assertEqual((active.exception.status_code, deleted.exception.status_code), (409, 409))

    def test_restore_into_another_geography_returns_400_and_writes_nothing(self):
        original = self.make(Vaults.home)
        blob = Vaults.home.operations(self.KIND)[0](original["name"])
        _, restore, _, _, get = Vaults.other_geography.operations(self.KIND)

        with self.assertRaises(HttpResponseError) as refused:
            restore(blob)

        error = refused.exception
        self.assertEqual((error.status_code, error.error.code if error.error else None), (400, "BackupGeographyMismatch"), str(error))
        with self.assertRaises(ResourceNotFoundError):
            get(original["name"])

    def test_restore_into_another_vault_of_the_geography_serves_it_under_that_host(self):
        original = self.make(Vaults.home)
        blob = Vaults.home.operations(self.KIND)[0](original["name"])
        target = Vaults.same_geography

        restored = target.operations(self.KIND)[1](blob)
        target.made(self.KIND, original["name"])

        self.assertTrue(restored.id.startswith(target.url + "/"), restored.id)
        self.assert_holds(target, original)
        self.assert_holds(Vaults.home, original)


class KeyBackupTests(BackupCases, unittest.TestCase):
    KIND = "key"

    def make(self, vault):
        name = vault.made("key", unique("py-key"))
        return {"name": name, "versions": [vault.keys.create_rsa_key(name, size=2048) for _ in range(2)]}

    def assert_holds(self, vault, original):
        name, versions = original["name"], original["versions"]
        self.assertEqual(vault.keys.get_key(name).id, f"{vault.url}/keys/{name}/{versions[-1].properties.version}")
        self.assertEqual(sorted(p.version for p in vault.keys.list_properties_of_key_versions(name)),
                         sorted(v.properties.version for v in versions))
        for version in versions:
            self.assert_signs_as(f"{vault.url}/keys/{name}/{version.properties.version}", version.key)

    def assert_signs_as(self, key_id, original_jwk):
        """The key behind key_id signs so that the original public key verifies it: the private part is there."""
        data = b"Coffer, from Python"
        signature = CryptographyClient(key_id, Vaults.cred).sign(SignatureAlgorithm.rs256, hashlib.sha256(data).digest()).signature
        public = rsa.RSAPublicNumbers(int.from_bytes(original_jwk.e, "big"), int.from_bytes(original_jwk.n, "big")).public_key()
        public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())  # raises InvalidSignature otherwise


class SecretBackupTests(BackupCases, unittest.TestCase):
    KIND = "secret"

    def make(self, vault):
        name = vault.made("secret", unique("py-secret"))
        first = vault.secrets.set_secret(name, "first value", content_type="text/plain")
        second = vault.secrets.set_secret(name, "second value", tags={"from": "python"})
        return {"name": name, "versions": [first, second]}

    def assert_holds(self, vault, original):
        name = original["name"]
        for made in original["versions"]:
            held = vault.secrets.get_secret(name, made.properties.version)
            self.assertEqual(held.id, f"{vault.url}/secrets/{name}/{made.properties.version}")
            self.assertEqual((held.value, held.properties.content_type, held.properties.tags),
                             (made.value, made.properties.content_type, made.properties.tags))
        self.assertEqual(vault.secrets.get_secret(name).value, "second value")


class CertificateBackupTests(BackupCases, unittest.TestCase):
    KIND = "certificate"

    def make(self, vault):
        name = vault.made("certificate", unique("py-cert"))
        poller = vault.certificates.begin_create_certificate(name, CertificatePolicy.get_default(), **POLL)
        # This SDK's poller reads the certificate only after polling: the create must answer inProgress, as Azure's does.
        created = poller.result()
        self.assertEqual(poller.status(), "completed")
        self.assertIsNotNone(created, "begin_create_certificate().result() is the certificate")
        self.assertEqual(created.id, f"{vault.url}/certificates/{name}/{created.properties.version}")
        self.assertTrue(created.cer)
        return {"name": name, "certificate": created, "secret": vault.secrets.get_secret(name).value}

    def assert_holds(self, vault, original):
        name, version = original["name"], original["certificate"].properties.version
        held = vault.certificates.get_certificate(name)
        self.assertEqual(held.id, f"{vault.url}/certificates/{name}/{version}")
        self.assertEqual(held.key_id, f"{vault.url}/keys/{name}/{version}")
        self.assertEqual(held.cer, original["certificate"].cer)
        self.assertEqual(vault.secrets.get_secret(name).value, original["secret"])


if __name__ == "__main__":
    unittest.main()
