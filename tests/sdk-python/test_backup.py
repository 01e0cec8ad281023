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


class BackupRestoreTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cred = credential()
        cls.home = Vault(VAULT_URL, cls.cred)
        home = describe_vault(urllib.parse.urlsplit(VAULT_URL).hostname.split(".")[0], cls.cred)
        same = ensure_vault(SAME_GEOGRAPHY_VAULT, "westus2", cls.cred)
        other = ensure_vault(OTHER_GEOGRAPHY_VAULT, "westeurope", cls.cred)
        assert (home["geography"], same["geography"], other["geography"]) == ("US", "US", "Europe"), (home, same, other)
        assert home["subscriptionId"] == same["subscriptionId"] == other["subscriptionId"]
        cls.same_geography = Vault(vault_url_of(SAME_GEOGRAPHY_VAULT), cls.cred)
        cls.other_geography = Vault(vault_url_of(OTHER_GEOGRAPHY_VAULT), cls.cred)

    @classmethod
    def tearDownClass(cls):
        for vault in (cls.home, cls.same_geography, cls.other_geography):
            vault.tidy()
        for name in (SAME_GEOGRAPHY_VAULT, OTHER_GEOGRAPHY_VAULT):
            delete_vault(name, cls.cred)

    # ---- the vault URL carries a port, and verification is on --------------------------------------------------

    def test_vault_url_has_a_port_and_the_challenge_is_verified(self):
        self.assertIsNotNone(urllib.parse.urlsplit(VAULT_URL).port, "run.sh serves on a port other than 443")
        # The same server under a host that does not end with the challenge's resource: the SDK refuses it.
        port = urllib.parse.urlsplit(VAULT_URL).port
        elsewhere = SecretClient(f"https://localhost:{port}", self.cred)
        with self.assertRaisesRegex(ValueError, "does not match the requested domain"):
            elsewhere.get_secret("any")

    # ---- keys --------------------------------------------------------------------------------------------------

    def _rsa_key_with_two_versions(self, vault):
        name = vault.made("key", unique("py-key"))
        first = vault.keys.create_rsa_key(name, size=2048)
        second = vault.keys.create_rsa_key(name, size=2048)
        return name, [first, second]

    def test_key_backup_purge_restore_brings_back_every_version(self):
        name, versions = self._rsa_key_with_two_versions(self.home)
        blob = self.home.keys.backup_key(name)
        self.home.keys.begin_delete_key(name, **POLL).wait()
        self.home.keys.purge_deleted_key(name)

        restored = self.home.keys.restore_key_backup(blob)

        self.assertEqual(restored.id, versions[1].id)
        self.assertEqual(restored.key.n, versions[1].key.n)
        self.assertEqual(sorted(p.version for p in self.home.keys.list_properties_of_key_versions(name)),
                         sorted(v.properties.version for v in versions))
        for version in versions:
            self._assert_signs_as(version.id, version.key)

    def test_key_restore_while_the_name_is_active_or_soft_deleted_returns_409(self):
        name, _ = self._rsa_key_with_two_versions(self.home)
        blob = self.home.keys.backup_key(name)

        with self.assertRaises(ResourceExistsError) as active:
            self.home.keys.restore_key_backup(blob)
        self.home.keys.begin_delete_key(name, **POLL).wait()
        with self.assertRaises(ResourceExistsError) as deleted:
            self.home.keys.restore_key_backup(blob)

        self.assertEqual((active.exception.status_code, deleted.exception.status_code), (409, 409))

    def test_key_restore_into_another_geography_returns_400(self):
        name, _ = self._rsa_key_with_two_versions(self.home)
        blob = self.home.keys.backup_key(name)

        with self.assertRaises(HttpResponseError) as refused:
            self.other_geography.keys.restore_key_backup(blob)

        self.assert_error(refused.exception, 400, "BackupGeographyMismatch")
        with self.assertRaises(ResourceNotFoundError):
            self.other_geography.keys.get_key(name)

    def test_key_restore_into_another_vault_of_the_geography_serves_it_under_that_host(self):
        name, versions = self._rsa_key_with_two_versions(self.home)
        blob = self.home.keys.backup_key(name)
        target = self.same_geography

        restored = target.keys.restore_key_backup(blob)
        target.made("key", name)

        self.assertEqual(restored.id, f"{target.url}/keys/{name}/{versions[1].properties.version}")
        self.assertEqual(sorted(p.version for p in target.keys.list_properties_of_key_versions(name)),
                         sorted(v.properties.version for v in versions))
        self._assert_signs_as(f"{target.url}/keys/{name}/{versions[0].properties.version}", versions[0].key)
        self.assertEqual(self.home.keys.get_key(name).id, versions[1].id)

    def _assert_signs_as(self, key_id, original_jwk):
        """The key behind key_id signs so that the original public key verifies it: the private part came back."""
        digest = hashlib.sha256(b"Coffer, from Python").digest()
        signature = CryptographyClient(key_id, self.cred).sign(SignatureAlgorithm.rs256, digest).signature
        public = rsa.RSAPublicNumbers(int.from_bytes(original_jwk.e, "big"), int.from_bytes(original_jwk.n, "big")).public_key()
        public.verify(signature, b"Coffer, from Python", padding.PKCS1v15(), hashes.SHA256())  # raises if it does not

    # ---- secrets -----------------------------------------------------------------------------------------------

    def _secret_with_two_versions(self, vault):
        name = vault.made("secret", unique("py-secret"))
        first = vault.secrets.set_secret(name, "first value", content_type="text/plain")
        second = vault.secrets.set_secret(name, "second value", tags={"from": "python"})
        return name, [first, second]

    def test_secret_backup_purge_restore_brings_back_every_version(self):
        name, versions = self._secret_with_two_versions(self.home)
        blob = self.home.secrets.backup_secret(name)
        self.home.secrets.begin_delete_secret(name, **POLL).wait()
        self.home.secrets.purge_deleted_secret(name)

        restored = self.home.secrets.restore_secret_backup(blob)

        self.assertEqual(restored.id, versions[1].properties.id)
        self.assertEqual(restored.tags, {"from": "python"})
        self.assertEqual(self.home.secrets.get_secret(name).value, "second value")
        first = self.home.secrets.get_secret(name, versions[0].properties.version)
        self.assertEqual((first.value, first.properties.content_type), ("first value", "text/plain"))

    def test_secret_restore_while_the_name_is_active_or_soft_deleted_returns_409(self):
        name, _ = self._secret_with_two_versions(self.home)
        blob = self.home.secrets.backup_secret(name)

        with self.assertRaises(ResourceExistsError) as active:
            self.home.secrets.restore_secret_backup(blob)
        self.home.secrets.begin_delete_secret(name, **POLL).wait()
        with self.assertRaises(ResourceExistsError) as deleted:
            self.home.secrets.restore_secret_backup(blob)

        self.assertEqual((active.exception.status_code, deleted.exception.status_code), (409, 409))

    def test_secret_restore_into_another_geography_returns_400(self):
        name, _ = self._secret_with_two_versions(self.home)
        blob = self.home.secrets.backup_secret(name)

        with self.assertRaises(HttpResponseError) as refused:
            self.other_geography.secrets.restore_secret_backup(blob)

        self.assert_error(refused.exception, 400, "BackupGeographyMismatch")
        with self.assertRaises(ResourceNotFoundError):
            self.other_geography.secrets.get_secret(name)

    def test_secret_restore_into_another_vault_of_the_geography_serves_it_under_that_host(self):
        name, versions = self._secret_with_two_versions(self.home)
        blob = self.home.secrets.backup_secret(name)
        target = self.same_geography

        restored = target.secrets.restore_secret_backup(blob)
        target.made("secret", name)

        self.assertEqual(restored.id, f"{target.url}/secrets/{name}/{versions[1].properties.version}")
        self.assertEqual(target.secrets.get_secret(name, versions[0].properties.version).value, "first value")
        self.assertEqual(self.home.secrets.get_secret(name).value, "second value")

    # ---- certificates ------------------------------------------------------------------------------------------

    def _certificate(self, vault):
        name = vault.made("certificate", unique("py-cert"))
        poller = vault.certificates.begin_create_certificate(name, CertificatePolicy.get_default(), **POLL)
        poller.wait()
        self.assertEqual(poller.status(), "completed")
        # This SDK's poller reads the certificate only after polling; a create that completed at once (Coffer's, unless
        # told to keep creates pending) leaves its result() None.
        return name, vault.certificates.get_certificate(name)

    def test_certificate_backup_purge_restore_brings_it_back_with_its_key_and_secret(self):
        name, original = self._certificate(self.home)
        secret_before = self.home.secrets.get_secret(name).value
        blob = self.home.certificates.backup_certificate(name)
        self.home.certificates.begin_delete_certificate(name, **POLL).wait()
        self.home.certificates.purge_deleted_certificate(name)

        restored = self.home.certificates.restore_certificate_backup(blob)

        self.assertEqual(restored.id, original.id)
        self.assertEqual(restored.cer, original.cer)
        self.assertEqual(restored.key_id, original.key_id)
        self.assertEqual(self.home.secrets.get_secret(name).value, secret_before)

    def test_certificate_restore_while_the_name_is_active_or_soft_deleted_returns_409(self):
        name, _ = self._certificate(self.home)
        blob = self.home.certificates.backup_certificate(name)

        with self.assertRaises(ResourceExistsError) as active:
            self.home.certificates.restore_certificate_backup(blob)
        self.home.certificates.begin_delete_certificate(name, **POLL).wait()
        with self.assertRaises(ResourceExistsError) as deleted:
            self.home.certificates.restore_certificate_backup(blob)

        self.assertEqual((active.exception.status_code, deleted.exception.status_code), (409, 409))

    def test_certificate_restore_into_another_geography_returns_400(self):
        name, _ = self._certificate(self.home)
        blob = self.home.certificates.backup_certificate(name)

        with self.assertRaises(HttpResponseError) as refused:
            self.other_geography.certificates.restore_certificate_backup(blob)

        self.assert_error(refused.exception, 400, "BackupGeographyMismatch")
        with self.assertRaises(ResourceNotFoundError):
            self.other_geography.certificates.get_certificate(name)

    def test_certificate_restore_into_another_vault_of_the_geography_serves_it_under_that_host(self):
        name, original = self._certificate(self.home)
        blob = self.home.certificates.backup_certificate(name)
        target = self.same_geography

        restored = target.certificates.restore_certificate_backup(blob)
        target.made("certificate", name)

        self.assertEqual(restored.id, f"{target.url}/certificates/{name}/{original.properties.version}")
        self.assertEqual(restored.key_id, f"{target.url}/keys/{name}/{original.properties.version}")
        self.assertEqual(restored.cer, original.cer)
        self.assertEqual(target.secrets.get_secret(name).value, self.home.secrets.get_secret(name).value)

    # ---- helpers -----------------------------------------------------------------------------------------------

    def assert_error(self, error, status, code):
        self.assertEqual((error.status_code, error.error.code if error.error else None), (status, code), str(error))


if __name__ == "__main__":
    unittest.main()
