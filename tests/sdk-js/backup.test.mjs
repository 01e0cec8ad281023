// Backup and restore of keys, secrets and certificates through the official JS SDK clients
// (KeyClient/CryptographyClient, SecretClient, CertificateClient): round trips with every version,
// restore into another vault of the same subscription and geography, refusals across subscriptions
// and geographies, name conflicts, and damaged blobs. Blob layout: docs/backup-format.md.
import assert from "node:assert/strict";
import { X509Certificate, createHash, createPrivateKey, randomBytes, randomUUID, verify as nodeVerify } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { CertificateClient } from "@azure/keyvault-certificates";
import {
  assertRestError,
  collect,
  credential,
  cryptoClient,
  env,
  fastPoll,
  innerCode,
  keyClient,
  publicKeyFromJwk,
  rawRequest,
  secondsFromNow,
  secretClient,
  uniqueName,
  vaultScope,
  vaultUrlOf,
} from "./helpers.mjs";

// Azure's code and message for a blob it cannot read (the Azure SDKs' own tests compare the message).
const MALFORMED = "BadParameter";
const MALFORMED_MESSAGE = "Backup blob contains invalid or corrupt version.";
const shortRetries = { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 };

/** A CertificateClient with SDK defaults (challenge-resource verification on); retries kept short. */
function certificateClient(vaultUrl = env.vaultUrl) {
  return new CertificateClient(vaultUrl, credential(), { retryOptions: shortRetries });
}

/** The three clients of one vault. */
function clientsOf(vaultUrl) {
  return { url: vaultUrl, keys: keyClient(vaultUrl), secrets: secretClient(vaultUrl), certs: certificateClient(vaultUrl) };
}

const home = clientsOf(env.vaultUrl);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (date) => (date ? date.getTime() : null);
const b64 = (bytes) => (bytes ? Buffer.from(bytes).toString("base64url") : null);
const data = Buffer.from("Coffer backup round trip: sign here, verify with the original public key");
const digest = createHash("sha256").update(data).digest();

// ---------------------------------------------------------------------------------------------
// Tidying: every object this file creates, deleted and purged at the end (best effort).
const created = [];

function track(kind, vault, name) {
  created.push({ kind, vault, name });
  return name;
}

async function purgeKey(keys, name) {
  await (await keys.beginDeleteKey(name, fastPoll)).pollUntilDone();
  await keys.purgeDeletedKey(name);
}

async function purgeSecret(secrets, name) {
  await (await secrets.beginDeleteSecret(name, fastPoll)).pollUntilDone();
  await secrets.purgeDeletedSecret(name);
}

async function purgeCertificate(certs, name) {
  await (await certs.beginDeleteCertificate(name, fastPoll)).pollUntilDone();
  await certs.purgeDeletedCertificate(name);
}

async function tidy({ kind, vault, name }) {
  const purge = { key: () => purgeKey(vault.keys, name), secret: () => purgeSecret(vault.secrets, name), certificate: () => purgeCertificate(vault.certs, name) }[kind];
  try {
    await purge();
  } catch {
    // Already purged, never created, or only soft-deleted: try the purge alone.
    try {
      if (kind === "key") await vault.keys.purgeDeletedKey(name);
      if (kind === "secret") await vault.secrets.purgeDeletedSecret(name);
      if (kind === "certificate") await vault.certs.purgeDeletedCertificate(name);
    } catch {
      // Nothing left to tidy.
    }
  }
}

after(async () => {
  for (const item of created.reverse()) {
    await tidy(item);
  }
  await deleteExtraVaults();
});

// ---------------------------------------------------------------------------------------------
// Snapshots: what a restore must bring back, with the vault's URL taken out of every id so that
// the same snapshot compares across vaults.

function relative(id, vaultUrl) {
  if (id === undefined || id === null) return null;
  assert.ok(id.startsWith(`${vaultUrl}/`), `${id} is not an id of ${vaultUrl}`);
  return id.slice(vaultUrl.length);
}

function keySnapshot(key, vaultUrl) {
  const p = key.properties;
  return {
    id: relative(key.id, vaultUrl),
    kid: relative(key.key?.kid, vaultUrl),
    name: key.name,
    version: p.version,
    keyType: key.keyType,
    keyOps: [...(key.keyOperations ?? [])].sort(),
    n: b64(key.key?.n),
    e: b64(key.key?.e),
    crv: key.key?.crv ?? null,
    x: b64(key.key?.x),
    y: b64(key.key?.y),
    enabled: p.enabled,
    notBefore: ms(p.notBefore),
    expiresOn: ms(p.expiresOn),
    createdOn: ms(p.createdOn),
    updatedOn: ms(p.updatedOn),
    tags: p.tags ?? {},
    exportable: p.exportable ?? null,
    managed: p.managed ?? null,
  };
}

/** Every version of a key, oldest version id first, each read on its own. */
async function keyHistory(keys, name, vaultUrl) {
  const listed = await collect(keys.listPropertiesOfKeyVersions(name));
  const versions = listed.map((p) => p.version).sort();
  const snapshots = [];
  for (const version of versions) {
    snapshots.push(keySnapshot(await keys.getKey(name, { version }), vaultUrl));
  }
  return snapshots;
}

function secretSnapshot(secret, vaultUrl) {
  const p = secret.properties;
  return {
    id: relative(p.id, vaultUrl),
    name: p.name,
    version: p.version,
    value: secret.value ?? null,
    contentType: p.contentType ?? null,
    tags: p.tags ?? {},
    enabled: p.enabled,
    notBefore: ms(p.notBefore),
    expiresOn: ms(p.expiresOn),
    createdOn: ms(p.createdOn),
    updatedOn: ms(p.updatedOn),
    keyId: relative(p.keyId, vaultUrl),
    managed: p.managed ?? null,
  };
}

async function secretHistory(secrets, name, vaultUrl) {
  const listed = await collect(secrets.listPropertiesOfSecretVersions(name));
  const versions = listed.map((p) => p.version).sort();
  const snapshots = [];
  for (const version of versions) {
    snapshots.push(secretSnapshot(await secrets.getSecret(name, { version }), vaultUrl));
  }
  return snapshots;
}

function certificateSnapshot(certificate, vaultUrl) {
  const p = certificate.properties;
  return {
    id: relative(p.id, vaultUrl),
    name: p.name,
    version: p.version,
    keyId: relative(certificate.keyId, vaultUrl),
    secretId: relative(certificate.secretId, vaultUrl),
    cer: b64(certificate.cer),
    thumbprint: b64(p.x509Thumbprint),
    enabled: p.enabled,
    notBefore: ms(p.notBefore),
    expiresOn: ms(p.expiresOn),
    createdOn: ms(p.createdOn),
    updatedOn: ms(p.updatedOn),
    tags: p.tags ?? {},
  };
}

async function certificateHistory(certs, name, vaultUrl) {
  const listed = await collect(certs.listPropertiesOfCertificateVersions(name));
  const versions = listed.map((p) => p.version).sort();
  const snapshots = [];
  for (const version of versions) {
    snapshots.push(certificateSnapshot(await certs.getCertificateVersion(name, version), vaultUrl));
  }
  return snapshots;
}

/** A certificate policy as plain data (dates as milliseconds). */
function policySnapshot(policy) {
  return JSON.parse(JSON.stringify(policy ?? null, (_, value) => value ?? null), (_, value) =>
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value).getTime() : value,
  );
}

/** Nothing under this name in the vault: neither live nor soft-deleted. */
async function assertNoKey(keys, name) {
  await assertRestError(keys.getKey(name), 404, "KeyNotFound");
  await assertRestError(keys.getDeletedKey(name), 404, "KeyNotFound");
}

async function assertNoSecret(secrets, name) {
  await assertRestError(secrets.getSecret(name), 404, "SecretNotFound");
  await assertRestError(secrets.getDeletedSecret(name), 404, "SecretNotFound");
}

async function assertNoCertificate(vault, name) {
  await assertRestError(vault.certs.getCertificate(name), 404, "CertificateNotFound");
  await assertRestError(vault.certs.getDeletedCertificate(name), 404, "CertificateNotFound");
  await assertNoKey(vault.keys, name);
  await assertNoSecret(vault.secrets, name);
}

// ---------------------------------------------------------------------------------------------
// Blobs (docs/backup-format.md): [L][marker of L ASCII bytes][compact JWE, ASCII].

function openBlob(blob) {
  const bytes = Buffer.from(blob);
  const markerLength = bytes[0];
  const marker = bytes.subarray(1, 1 + markerLength).toString("latin1");
  const parts = bytes.subarray(1 + markerLength).toString("latin1").split(".");
  const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
  return { marker, parts, header };
}

function makeBlob(marker, parts) {
  const markerBytes = Buffer.from(marker, "latin1");
  return new Uint8Array(Buffer.concat([Buffer.from([markerBytes.length]), markerBytes, Buffer.from(parts.join("."), "latin1")]));
}

function assertBlobShape(blob, kind, marker) {
  assert.ok(blob instanceof Uint8Array && blob.length > 100, `a ${kind} backup blob: ${blob?.length} bytes`);
  const opened = openBlob(blob);
  assert.equal(opened.marker, marker);
  assert.equal(opened.parts.length, 5, "a compact JWE of five parts");
  assert.equal(opened.header.alg, "A256GCMKW");
  assert.equal(opened.header.enc, "A256GCM");
  assert.equal(opened.header["coffer-kind"], kind);
  assert.equal(opened.header["coffer-geo"], "US", "the default vault is in eastus");
  assert.match(opened.header.kid, /^[0-9a-f]{32}$/);
  return opened;
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Flips exactly one bit of the decoded bytes of JWE part `part`, near its middle; stays valid base64url. */
function flipBit(blob, part) {
  const { marker, parts } = openBlob(blob);
  const segment = parts[part];
  assert.ok(segment.length > 4, `JWE part ${part} is too short to flip: ${segment}`);
  const index = Math.floor(segment.length / 2);
  const flipped = BASE64URL[BASE64URL.indexOf(segment[index]) ^ 1];
  const copy = [...parts];
  copy[part] = segment.slice(0, index) + flipped + segment.slice(index + 1);
  return makeBlob(marker, copy);
}

/** The blob with its protected header changed (the JWE's other parts left as they are). */
function withHeader(blob, change) {
  const { marker, parts, header } = openBlob(blob);
  const copy = [...parts];
  copy[0] = Buffer.from(JSON.stringify(change({ ...header })), "utf8").toString("base64url");
  return makeBlob(marker, copy);
}

// ---------------------------------------------------------------------------------------------
// Extra vaults for cross-vault restores, created through the management API.

const managementUrl = `${env.authorityHost}/_coffer/vaults`;
const defaultVaultName = new URL(env.vaultUrl).hostname.split(".")[0];
const EXTRA_VAULTS = {
  sameGeo: { name: "jsbkus2", location: "westus2" },
  otherGeo: { name: "jsbkeu", location: "westeurope" },
  otherSub: { name: "jsbksub", location: "eastus", subscriptionId: randomUUID() },
};

async function adminHeaders() {
  const { token } = await credential().getToken(vaultScope());
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

/** node does not resolve *.localhost here: add "127.0.0.1 host" to /etc/hosts as run.sh does. */
function ensureHostResolves(host) {
  const hosts = readFileSync("/etc/hosts", "utf8");
  const known = hosts.split("\n").some((line) => {
    const fields = line.replace(/#.*/, "").trim().split(/\s+/);
    return fields[0] === "127.0.0.1" && fields.slice(1).includes(host);
  });
  if (!known) {
    appendFileSync("/etc/hosts", `${hosts.length > 0 && !hosts.endsWith("\n") ? "\n" : ""}127.0.0.1 ${host}\n`);
  }
}

/** Creates a vault (a reused data directory may already hold it: 409), and returns its description. */
async function ensureVault(body) {
  const headers = await adminHeaders();
  const response = await rawRequest("POST", managementUrl, { headers, body });
  assert.ok(
    response.status === 201 || (response.status === 409 && response.json?.error?.code === "VaultAlreadyExists"),
    `creating vault ${body.name}: ${response.status} ${response.text}`,
  );
  const shown = await rawRequest("GET", `${managementUrl}/${body.name}`, { headers });
  assert.equal(shown.status, 200, `showing vault ${body.name}: ${shown.text}`);
  assert.equal(shown.json.location, body.location, `vault ${body.name} is in ${shown.json.location}`);
  ensureHostResolves(new URL(vaultUrlOf(body.name)).hostname);
  return shown.json;
}

let extraVaults;
async function extraVaultsOnce() {
  extraVaults ??= (async () => {
    const headers = await adminHeaders();
    const home = await rawRequest("GET", `${managementUrl}/${defaultVaultName}`, { headers });
    assert.equal(home.status, 200, `showing the default vault: ${home.text}`);
    assert.equal(home.json.geography, "US");
    const result = { home: home.json };
    for (const [role, body] of Object.entries(EXTRA_VAULTS)) {
      result[role] = { description: await ensureVault(body), ...clientsOf(vaultUrlOf(body.name)) };
    }
    assert.equal(result.sameGeo.description.subscriptionId, home.json.subscriptionId);
    assert.equal(result.sameGeo.description.geography, "US");
    assert.equal(result.otherGeo.description.subscriptionId, home.json.subscriptionId);
    assert.equal(result.otherGeo.description.geography, "Europe");
    assert.notEqual(result.otherSub.description.subscriptionId, home.json.subscriptionId);
    assert.equal(result.otherSub.description.geography, "US");
    return result;
  })();
  return extraVaults;
}

async function deleteExtraVaults() {
  if (!extraVaults) return;
  try {
    const headers = await adminHeaders();
    for (const { name } of Object.values(EXTRA_VAULTS)) {
      await rawRequest("DELETE", `${managementUrl}/${name}`, { headers });
    }
  } catch {
    // Best effort: a reused data directory keeps them, and the next run accepts that.
  }
}

// ---------------------------------------------------------------------------------------------
// Test objects.

/** An RSA-2048 key with two versions, both expiring in a year, with tags. */
async function makeRsaKey(vault, prefix) {
  const name = track("key", vault, uniqueName(prefix));
  const expiresOn = secondsFromNow(365 * 24 * 3600);
  const v1 = await vault.keys.createRsaKey(name, { keySize: 2048, expiresOn, tags: { purpose: "seed", version: "1" } });
  const v2 = await vault.keys.createRsaKey(name, { keySize: 2048, expiresOn, tags: { purpose: "seed", version: "2", "ümlaut key": "välue" } });
  return { name, versions: [v1, v2], expiresOn };
}

/** A secret with three versions of different content types and tags; the first one updated later. */
async function makeSecret(vault, prefix) {
  const name = track("secret", vault, uniqueName(prefix));
  const s1 = await vault.secrets.setSecret(name, "plain first value", { contentType: "text/plain", tags: { v: "1", env: "dev" } });
  const s2 = await vault.secrets.setSecret(name, JSON.stringify({ user: "app", password: randomBytes(12).toString("hex") }), {
    contentType: "application/json",
    tags: { v: "2" },
    notBefore: secondsFromNow(-3600),
    expiresOn: secondsFromNow(30 * 24 * 3600),
  });
  const s3 = await vault.secrets.setSecret(name, `unicode ✓ ${randomBytes(8).toString("base64")}\nsecond line`, {
    contentType: "application/x-custom; charset=utf-8",
    tags: { v: "3", "with space": "ü" },
  });
  return { name, versions: [s1, s2, s3] };
}

function selfSignedPolicy(name, contentType) {
  return { issuerName: "Self", subject: `CN=${name}`, contentType, keyType: "RSA", keySize: 2048, exportable: true, validityInMonths: 12 };
}

async function makeCertificate(vault, prefix, contentType, versions = 1) {
  const name = track("certificate", vault, uniqueName(prefix));
  let certificate;
  for (let i = 0; i < versions; i++) {
    certificate = await (await vault.certs.beginCreateCertificate(name, selfSignedPolicy(name, contentType), fastPoll)).pollUntilDone();
  }
  return { name, certificate };
}

/** Signs with a key version through the service only, and checks the signature with a public key. */
async function assertRemoteSignature(keyId, algorithm, publicKey, { ec = false } = {}) {
  const { client, recorder } = cryptoClient(keyId, { remoteOnly: true });
  const signed = await client.sign(algorithm, digest);
  assert.equal(recorder.posts("sign").length, 1, "signed by the service");
  assert.equal(signed.keyID, keyId, "signed by the version asked for");
  const options = ec ? { key: publicKey, dsaEncoding: "ieee-p1363" } : publicKey;
  assert.ok(nodeVerify("sha256", data, options, Buffer.from(signed.result)), `${algorithm} signature of ${keyId} verifies with the original public key`);
}

// =============================================================================================

describe("key backup and restore in the same vault", { timeout: 120_000 }, () => {
  it("RSA-2048 (the seed scenario): same id, versions, public key, expiry and tags; signs verifiably", async () => {
    const { name, versions, expiresOn } = await makeRsaKey(home, "jsb-rsa");
    const [v1, v2] = versions;
    const originalJwks = versions.map((v) => ({ id: v.id, jwk: structuredClone(v.key) }));
    const history = await keyHistory(home.keys, name, home.url);
    assert.equal(history.length, 2);

    const blob = await home.keys.backupKey(name);
    const opened = assertBlobShape(blob, "key", "CofferKeyBackupV1");
    assert.equal(opened.header["coffer-sub"], (await extraVaultsOnce()).home.subscriptionId);
    for (const { jwk } of originalJwks) {
      assert.ok(!Buffer.from(blob).includes(Buffer.from(jwk.n)), "the blob does not carry the modulus in the clear");
    }

    await purgeKey(home.keys, name);
    await assertNoKey(home.keys, name);

    const restored = await home.keys.restoreKeyBackup(blob);
    assert.equal(restored.id, v2.id, "the latest version's id, version included");
    assert.equal(restored.key.kid, v2.id);
    assert.equal(restored.name, name);
    assert.equal(restored.keyType, "RSA");
    assert.deepEqual(Buffer.from(restored.key.n), Buffer.from(v2.key.n), "same modulus");
    assert.deepEqual(Buffer.from(restored.key.e), Buffer.from(v2.key.e), "same exponent");
    assert.equal(ms(restored.properties.expiresOn), expiresOn.getTime(), "same expiry");
    assert.deepEqual(restored.properties.tags, v2.properties.tags, "same tags");
    assert.deepEqual(keySnapshot(restored, home.url), history[history.findIndex((s) => s.version === v2.properties.version)]);
    assert.equal((await home.keys.getKey(name)).id, v2.id, "getKey answers the restored latest version");

    assert.deepEqual(await keyHistory(home.keys, name, home.url), history, "every version, with its times, attributes and tags");
    assert.deepEqual(
      (await collect(home.keys.listPropertiesOfKeyVersions(name))).map((p) => p.id).sort(),
      [v1.id, v2.id].sort(),
    );

    for (const { id, jwk } of originalJwks) {
      await assertRemoteSignature(id, "RS256", publicKeyFromJwk(jwk));
    }
  });

  it("EC P-256 with a rotation and a rotation policy: same ids, versions, points; ES256 verifies", async () => {
    const name = track("key", home, uniqueName("jsb-ec"));
    const v1 = await home.keys.createEcKey(name, { curve: "P-256", tags: { curve: "P-256" } });
    const policy = await home.keys.updateKeyRotationPolicy(name, {
      lifetimeActions: [{ action: "Notify", timeBeforeExpiry: "P10D" }],
      expiresIn: "P120D",
    });
    const v2 = await home.keys.rotateKey(name);
    assert.notEqual(v2.properties.version, v1.properties.version);
    const originals = [v1, v2].map((v) => ({ id: v.id, jwk: structuredClone(v.key) }));
    const history = await keyHistory(home.keys, name, home.url);
    assert.equal(history.length, 2);
    const policyBefore = await home.keys.getKeyRotationPolicy(name);
    assert.equal(policyBefore.expiresIn, policy.expiresIn);

    const blob = await home.keys.backupKey(name);
    await purgeKey(home.keys, name);
    await assertNoKey(home.keys, name);

    const restored = await home.keys.restoreKeyBackup(blob);
    assert.equal(restored.id, v2.id);
    assert.equal(restored.key.crv, "P-256");
    assert.deepEqual(Buffer.from(restored.key.x), Buffer.from(v2.key.x));
    assert.deepEqual(Buffer.from(restored.key.y), Buffer.from(v2.key.y));
    assert.deepEqual(await keyHistory(home.keys, name, home.url), history);

    const policyAfter = await home.keys.getKeyRotationPolicy(name);
    assert.equal(policyAfter.expiresIn, policyBefore.expiresIn, "the rotation policy travels with the key");
    assert.deepEqual(policyAfter.lifetimeActions, policyBefore.lifetimeActions);

    for (const { id, jwk } of originals) {
      await assertRemoteSignature(id, "ES256", publicKeyFromJwk(jwk), { ec: true });
    }
  });

  it("oct-256 with two versions: ciphertexts sealed before the backup decrypt after the restore", async () => {
    const name = track("key", home, uniqueName("jsb-oct"));
    const v1 = await home.keys.createOctKey(name, { keySize: 256, tags: { v: "1" } });
    const v2 = await home.keys.createOctKey(name, { keySize: 256, tags: { v: "2" } });
    const sealed = [];
    for (const version of [v1, v2]) {
      const plaintext = randomBytes(40);
      const additionalAuthenticatedData = Buffer.from(`aad for ${version.properties.version}`);
      const { client } = cryptoClient(version.id, { remoteOnly: true });
      const encrypted = await client.encrypt({ algorithm: "A256GCM", plaintext, additionalAuthenticatedData });
      assert.equal(encrypted.keyID, version.id);
      sealed.push({ id: version.id, plaintext, additionalAuthenticatedData, encrypted });
    }
    const history = await keyHistory(home.keys, name, home.url);
    assert.equal(history.length, 2);

    const blob = await home.keys.backupKey(name);
    await purgeKey(home.keys, name);
    await assertNoKey(home.keys, name);

    const restored = await home.keys.restoreKeyBackup(blob);
    assert.equal(restored.id, v2.id);
    assert.equal(restored.keyType, "oct");
    assert.equal(restored.key.k, undefined, "the key bytes are still not returned");
    assert.deepEqual(await keyHistory(home.keys, name, home.url), history);

    for (const { id, plaintext, additionalAuthenticatedData, encrypted } of sealed) {
      const { client, recorder } = cryptoClient(id, { remoteOnly: true });
      const decrypted = await client.decrypt({
        algorithm: "A256GCM",
        ciphertext: encrypted.result,
        iv: encrypted.iv,
        authenticationTag: encrypted.authenticationTag,
        additionalAuthenticatedData,
      });
      assert.equal(recorder.posts("decrypt").length, 1);
      assert.deepEqual(Buffer.from(decrypted.result), plaintext, `decrypted with ${id}`);
    }
  });
});

describe("secret backup and restore in the same vault", { timeout: 60_000 }, () => {
  it("brings back every version's value, content type, tags, attributes and times", async () => {
    const { name, versions } = await makeSecret(home, "jsb-secret");
    const [s1, , s3] = versions;
    // An update a second later, so that version 1's updated time differs from its created time.
    await sleep(1100);
    const updated = await home.secrets.updateSecretProperties(name, s1.properties.version, { tags: { v: "1", env: "dev", updated: "yes" } });
    assert.notEqual(ms(updated.updatedOn), ms(updated.createdOn));
    const history = await secretHistory(home.secrets, name, home.url);
    assert.equal(history.length, 3);
    assert.deepEqual(new Set(history.map((s) => s.contentType)).size, 3, "three content types");
    const listedBefore = (await collect(home.secrets.listPropertiesOfSecretVersions(name))).map((p) => p.id).sort();

    const blob = await home.secrets.backupSecret(name);
    assertBlobShape(blob, "secret", "CofferSecretBackupV1");
    assert.ok(!Buffer.from(blob).includes(Buffer.from(s3.value)), "the blob does not carry a value in the clear");
    await purgeSecret(home.secrets, name);
    await assertNoSecret(home.secrets, name);

    const restored = await home.secrets.restoreSecretBackup(blob);
    assert.equal(restored.id, s3.properties.id, "the latest version's id");
    assert.equal(restored.version, s3.properties.version);
    assert.equal(restored.contentType, s3.properties.contentType);
    assert.deepEqual(restored.tags, s3.properties.tags);
    assert.equal((await home.secrets.getSecret(name)).value, s3.value);

    const after = await secretHistory(home.secrets, name, home.url);
    assert.deepEqual(after, history, "every version: value, content type, tags, enabled, nbf, exp, created, updated");
    assert.deepEqual((await collect(home.secrets.listPropertiesOfSecretVersions(name))).map((p) => p.id).sort(), listedBefore);
  });
  it("keeps disabled versions disabled (and still forbidden to read)", async () => {
    const name = track("secret", home, uniqueName("jsb-disabled"));
    const s1 = await home.secrets.setSecret(name, "created disabled", { enabled: false });
    const s2 = await home.secrets.setSecret(name, "disabled later");
    await home.secrets.updateSecretProperties(name, s2.properties.version, { enabled: false });
    await home.secrets.setSecret(name, "enabled");
    const listed = async () =>
      (await collect(home.secrets.listPropertiesOfSecretVersions(name)))
        .map((p) => ({ version: p.version, enabled: p.enabled, createdOn: ms(p.createdOn), updatedOn: ms(p.updatedOn), contentType: p.contentType ?? null }))
        .sort((a, b) => a.version.localeCompare(b.version));
    const before = await listed();
    assert.equal(before.filter((v) => !v.enabled).length, 2);

    const blob = await home.secrets.backupSecret(name);
    await purgeSecret(home.secrets, name);
    await home.secrets.restoreSecretBackup(blob);
    assert.deepEqual(await listed(), before);
    for (const version of [s1, s2]) {
      await assertRestError(home.secrets.getSecret(name, { version: version.properties.version }), 403, "Forbidden");
    }
    assert.equal((await home.secrets.getSecret(name)).value, "enabled");
  });
});

describe("backup of names that are not there", { timeout: 60_000 }, () => {
  it("404 for a missing name and for a soft-deleted one, for keys, secrets and certificates", async () => {
    const missing = uniqueName("jsb-none");
    await assertRestError(home.keys.backupKey(missing), 404, "KeyNotFound");
    await assertRestError(home.secrets.backupSecret(missing), 404, "SecretNotFound");
    await assertRestError(home.certs.backupCertificate(missing), 404, "CertificateNotFound");

    const key = track("key", home, uniqueName("jsb-gone-key"));
    await home.keys.createEcKey(key, { curve: "P-256" });
    await (await home.keys.beginDeleteKey(key, fastPoll)).pollUntilDone();
    await assertRestError(home.keys.backupKey(key), 404, "KeyNotFound");

    const secret = track("secret", home, uniqueName("jsb-gone-secret"));
    await home.secrets.setSecret(secret, "v");
    await (await home.secrets.beginDeleteSecret(secret, fastPoll)).pollUntilDone();
    await assertRestError(home.secrets.backupSecret(secret), 404, "SecretNotFound");

    const { name: certificate } = await makeCertificate(home, "jsb-gone-cert", "application/x-pkcs12");
    await (await home.certs.beginDeleteCertificate(certificate, fastPoll)).pollUntilDone();
    await assertRestError(home.certs.backupCertificate(certificate), 404, "CertificateNotFound");
  });
});

describe("certificate backup and restore in the same vault", { timeout: 180_000 }, () => {
  for (const [label, contentType] of [
    ["PFX", "application/x-pkcs12"],
    ["PEM", "application/x-pem-file"],
  ]) {
    it(`${label}: same cer, versions and policy; its key and secret come back with the same private key`, async () => {
      const { name, certificate } = await makeCertificate(home, `jsb-cert-${label.toLowerCase()}`, contentType, 2);
      const history = await certificateHistory(home.certs, name, home.url);
      assert.equal(history.length, 2);
      const policyBefore = policySnapshot(await home.certs.getCertificatePolicy(name));
      const secretBefore = await home.secrets.getSecret(name);
      assert.equal(secretBefore.properties.contentType, contentType);
      const keyBefore = await home.keys.getKey(name);
      const keyHistoryBefore = await keyHistory(home.keys, name, home.url);
      const secretHistoryBefore = await secretHistory(home.secrets, name, home.url);
      assert.equal(keyHistoryBefore.length, 2, "the certificate's key has a version per certificate version");
      assert.equal(secretHistoryBefore.length, 2, "the certificate's secret has a version per certificate version");

      const blob = await home.certs.backupCertificate(name);
      assertBlobShape(blob, "certificate", "CofferCertificateBackupV1");
      await purgeCertificate(home.certs, name);
      await assertNoCertificate(home, name);

      const restored = await home.certs.restoreCertificateBackup(blob);
      assert.equal(restored.properties.id, certificate.properties.id);
      assert.equal(restored.properties.version, certificate.properties.version, "same version");
      assert.deepEqual(Buffer.from(restored.cer), Buffer.from(certificate.cer), "same cer");
      assert.equal(restored.keyId, certificate.keyId);
      assert.equal(restored.secretId, certificate.secretId);
      assert.equal(restored.policy?.subject, `CN=${name}`, "restore answers with the policy");
      assert.equal(restored.policy?.contentType, contentType);

      const got = await home.certs.getCertificate(name);
      assert.deepEqual(Buffer.from(got.cer), Buffer.from(certificate.cer));
      assert.deepEqual(await certificateHistory(home.certs, name, home.url), history, "every certificate version");
      assert.deepEqual(policySnapshot(await home.certs.getCertificatePolicy(name)), policyBefore, "the policy");

      const secretAfter = await home.secrets.getSecret(name);
      assert.equal(secretAfter.properties.id, secretBefore.properties.id);
      assert.equal(secretAfter.properties.contentType, contentType);
      if (label === "PEM") {
        const d = (pem) => createPrivateKey(pem).export({ format: "jwk" }).d;
        assert.equal(d(secretAfter.value), d(secretBefore.value), "same private key");
        assert.match(secretAfter.value, /-----BEGIN CERTIFICATE-----/);
      } else {
        assert.equal(secretAfter.value, secretBefore.value, "same PFX, private key included");
      }
      assert.deepEqual(await secretHistory(home.secrets, name, home.url), secretHistoryBefore, "every version of the certificate's secret");

      const keyAfter = await home.keys.getKey(name);
      assert.equal(keyAfter.id, keyBefore.id);
      assert.deepEqual(Buffer.from(keyAfter.key.n), Buffer.from(keyBefore.key.n));
      assert.deepEqual(await keyHistory(home.keys, name, home.url), keyHistoryBefore, "every version of the certificate's key");
      // The restored key signs for the certificate: verify with the certificate's own public key.
      await assertRemoteSignature(keyAfter.id, "RS256", new X509Certificate(Buffer.from(certificate.cer)).publicKey);
    });
  }
});

describe("restore into other vaults", { timeout: 240_000 }, () => {
  let vaults;
  const blobs = {};
  const originals = {};

  before(async () => {
    vaults = await extraVaultsOnce();
    originals.key = await makeRsaKey(home, "jsb-x-key");
    originals.secret = await makeSecret(home, "jsb-x-secret");
    originals.certificate = await makeCertificate(home, "jsb-x-cert", "application/x-pem-file");
    blobs.key = await home.keys.backupKey(originals.key.name);
    blobs.secret = await home.secrets.backupSecret(originals.secret.name);
    blobs.certificate = await home.certs.backupCertificate(originals.certificate.name);
  });

  it("restores key, secret and certificate into a westus2 vault of the same subscription, under its host", async () => {
    const target = vaults.sameGeo;
    const { name: keyName, versions: keyVersions } = originals.key;
    const keyHistoryHome = await keyHistory(home.keys, keyName, home.url);
    assert.equal(keyHistoryHome.length, 2);
    const restoredKey = await target.keys.restoreKeyBackup(blobs.key);
    track("key", target, keyName);
    assert.equal(restoredKey.id, `${target.url}/keys/${keyName}/${keyVersions[1].properties.version}`);
    assert.equal(restoredKey.key.kid, restoredKey.id);
    assert.equal(restoredKey.properties.vaultUrl, target.url);
    assert.deepEqual(await keyHistory(target.keys, keyName, target.url), keyHistoryHome, "same versions, relative to each vault");
    for (const version of keyVersions) {
      await assertRemoteSignature(`${target.url}/keys/${keyName}/${version.properties.version}`, "RS256", publicKeyFromJwk(version.key));
    }

    const { name: secretName, versions: secretVersions } = originals.secret;
    const restoredSecret = await target.secrets.restoreSecretBackup(blobs.secret);
    track("secret", target, secretName);
    assert.equal(restoredSecret.id, `${target.url}/secrets/${secretName}/${secretVersions[2].properties.version}`);
    assert.equal(restoredSecret.vaultUrl, target.url);
    const secretHistoryHome = await secretHistory(home.secrets, secretName, home.url);
    assert.equal(secretHistoryHome.length, 3);
    assert.deepEqual(await secretHistory(target.secrets, secretName, target.url), secretHistoryHome);

    const { name: certName, certificate } = originals.certificate;
    const restoredCert = await target.certs.restoreCertificateBackup(blobs.certificate);
    track("certificate", target, certName);
    assert.equal(restoredCert.properties.id, `${target.url}/certificates/${certName}/${certificate.properties.version}`);
    assert.equal(restoredCert.keyId, `${target.url}/keys/${certName}/${certificate.properties.version}`);
    assert.equal(restoredCert.secretId, `${target.url}/secrets/${certName}/${certificate.properties.version}`);
    assert.deepEqual(Buffer.from(restoredCert.cer), Buffer.from(certificate.cer));
    assert.equal((await target.secrets.getSecret(certName)).value, (await home.secrets.getSecret(certName)).value);
    assert.deepEqual(await certificateHistory(target.certs, certName, target.url), await certificateHistory(home.certs, certName, home.url));

    // The originals are untouched.
    assert.equal((await home.keys.getKey(keyName)).id, keyVersions[1].id);
    assert.equal((await home.secrets.getSecret(secretName)).properties.id, secretVersions[2].properties.id);
  });

  it("refuses a westeurope vault with 400 BackupGeographyMismatch, and creates nothing there", async () => {
    const target = vaults.otherGeo;
    await assertRestError(target.keys.restoreKeyBackup(blobs.key), 400, "BackupGeographyMismatch");
    await assertRestError(target.secrets.restoreSecretBackup(blobs.secret), 400, "BackupGeographyMismatch");
    await assertRestError(target.certs.restoreCertificateBackup(blobs.certificate), 400, "BackupGeographyMismatch");
    await assertNoKey(target.keys, originals.key.name);
    await assertNoSecret(target.secrets, originals.secret.name);
    await assertNoCertificate(target, originals.certificate.name);
  });

  it("refuses a vault of another subscription with 400 BackupSubscriptionMismatch, and creates nothing there", async () => {
    const target = vaults.otherSub;
    await assertRestError(target.keys.restoreKeyBackup(blobs.key), 400, "BackupSubscriptionMismatch");
    await assertRestError(target.secrets.restoreSecretBackup(blobs.secret), 400, "BackupSubscriptionMismatch");
    await assertRestError(target.certs.restoreCertificateBackup(blobs.certificate), 400, "BackupSubscriptionMismatch");
    await assertNoKey(target.keys, originals.key.name);
    await assertNoSecret(target.secrets, originals.secret.name);
    await assertNoCertificate(target, originals.certificate.name);
  });

  it("refuses, in the default vault, blobs taken in the westeurope vault and in the other subscription", async () => {
    const eu = vaults.otherGeo;
    const euName = track("secret", eu, uniqueName("jsb-x-eu"));
    await eu.secrets.setSecret(euName, "made in Europe");
    const euBlob = await eu.secrets.backupSecret(euName);
    assert.equal(openBlob(euBlob).header["coffer-geo"], "Europe");
    await assertRestError(home.secrets.restoreSecretBackup(euBlob), 400, "BackupGeographyMismatch");
    await assertRestError(vaults.sameGeo.secrets.restoreSecretBackup(euBlob), 400, "BackupGeographyMismatch");
    await assertNoSecret(home.secrets, euName);

    const sub = vaults.otherSub;
    const subName = track("key", sub, uniqueName("jsb-x-sub"));
    await sub.keys.createEcKey(subName, { curve: "P-256" });
    const subBlob = await sub.keys.backupKey(subName);
    assert.equal(openBlob(subBlob).header["coffer-sub"], sub.description.subscriptionId.toLowerCase());
    await assertRestError(home.keys.restoreKeyBackup(subBlob), 400, "BackupSubscriptionMismatch");
    await assertNoKey(home.keys, subName);

    // Rewriting the authenticated header to claim Europe does not get a US blob into Europe.
    const forged = withHeader(blobs.secret, (h) => ({ ...h, "coffer-geo": "Europe" }));
    await assertRestError(eu.secrets.restoreSecretBackup(forged), 400, MALFORMED);
    await assertNoSecret(eu.secrets, originals.secret.name);
  });
});

describe("restore conflicts", { timeout: 180_000 }, () => {
  it("key: 409 while the name is active, 409 while soft-deleted, restores once purged", async () => {
    const { name, versions } = await makeRsaKey(home, "jsb-c-key");
    const blob = await home.keys.backupKey(name);
    const extra = await home.keys.createRsaKey(name, { keySize: 2048, tags: { added: "after the backup" } });
    const historyNow = await keyHistory(home.keys, name, home.url);

    await assertRestError(home.keys.restoreKeyBackup(blob), 409, "Conflict");
    assert.deepEqual(await keyHistory(home.keys, name, home.url), historyNow, "the live key is untouched");

    await (await home.keys.beginDeleteKey(name, fastPoll)).pollUntilDone();
    const error = await assertRestError(home.keys.restoreKeyBackup(blob), 409, "Conflict");
    assert.equal(innerCode(error), "ObjectIsDeletedButRecoverable");
    assert.equal((await home.keys.getDeletedKey(name)).id, extra.id, "still the deleted key");

    await home.keys.purgeDeletedKey(name);
    const restored = await home.keys.restoreKeyBackup(blob);
    assert.equal(restored.id, versions[1].id, "the backed-up latest version, not the one added after");
    assert.deepEqual(
      (await collect(home.keys.listPropertiesOfKeyVersions(name))).map((p) => p.version).sort(),
      versions.map((v) => v.properties.version).sort(),
    );
  });

  it("secret: 409 while the name is active, 409 while soft-deleted, restores once purged", async () => {
    const { name, versions } = await makeSecret(home, "jsb-c-secret");
    const blob = await home.secrets.backupSecret(name);

    await assertRestError(home.secrets.restoreSecretBackup(blob), 409, "Conflict");
    await (await home.secrets.beginDeleteSecret(name, fastPoll)).pollUntilDone();
    const error = await assertRestError(home.secrets.restoreSecretBackup(blob), 409, "Conflict");
    assert.equal(innerCode(error), "ObjectIsDeletedButRecoverable");
    assert.equal((await home.secrets.getDeletedSecret(name)).name, name);

    await home.secrets.purgeDeletedSecret(name);
    const restored = await home.secrets.restoreSecretBackup(blob);
    assert.equal(restored.id, versions[2].properties.id);
    assert.equal((await home.secrets.getSecret(name)).value, versions[2].value);
  });

  it("certificate: 409 while the name is active, 409 while soft-deleted, restores once purged", async () => {
    const { name, certificate } = await makeCertificate(home, "jsb-c-cert", "application/x-pkcs12");
    const blob = await home.certs.backupCertificate(name);

    await assertRestError(home.certs.restoreCertificateBackup(blob), 409, "Conflict");
    await (await home.certs.beginDeleteCertificate(name, fastPoll)).pollUntilDone();
    const error = await assertRestError(home.certs.restoreCertificateBackup(blob), 409, "Conflict");
    assert.equal(innerCode(error), "ObjectIsDeletedButRecoverable");
    assert.equal((await home.certs.getDeletedCertificate(name)).name, name);

    await home.certs.purgeDeletedCertificate(name);
    const restored = await home.certs.restoreCertificateBackup(blob);
    assert.equal(restored.properties.id, certificate.properties.id);
    assert.deepEqual(Buffer.from(restored.cer), Buffer.from(certificate.cer));
  });

  it("certificate: 409 when only a plain secret holds its name, and nothing of the certificate is written", async () => {
    const { name, certificate } = await makeCertificate(home, "jsb-c-cert2", "application/x-pem-file");
    const blob = await home.certs.backupCertificate(name);
    await purgeCertificate(home.certs, name);
    await assertNoCertificate(home, name);

    const squatter = await home.secrets.setSecret(name, "a plain secret under the certificate's name");
    track("secret", home, name);
    await assertRestError(home.certs.restoreCertificateBackup(blob), 409, "Conflict");
    await assertRestError(home.certs.getCertificate(name), 404, "CertificateNotFound");
    await assertRestError(home.keys.getKey(name), 404, "KeyNotFound");
    const versions = await collect(home.secrets.listPropertiesOfSecretVersions(name));
    assert.deepEqual(versions.map((p) => p.id), [squatter.properties.id], "the plain secret is untouched");

    await purgeSecret(home.secrets, name);
    const restored = await home.certs.restoreCertificateBackup(blob);
    assert.equal(restored.properties.id, certificate.properties.id);
  });
});

describe("malformed backup blobs", { timeout: 120_000 }, () => {
  const garbage = {
    "random bytes": () => new Uint8Array(randomBytes(300)),
    "a few bytes": () => new Uint8Array([1, 2, 3]),
    "text": () => new Uint8Array(Buffer.from("this is not a backup blob at all")),
    "an Azure-looking marker with no JWE": () => new Uint8Array(Buffer.concat([Buffer.from([38]), Buffer.from("AzureKeyVaultKeyBackupV1.microsoft.com"), randomBytes(64)])),
  };

  it("refuses garbage through every SDK's restore with Azure's 400 BadParameter and message, Coffer's reason inner", async () => {
    for (const [label, make] of Object.entries(garbage)) {
      const blob = make();
      for (const [kind, restore] of [
        ["key", () => home.keys.restoreKeyBackup(blob)],
        ["secret", () => home.secrets.restoreSecretBackup(blob)],
        ["certificate", () => home.certs.restoreCertificateBackup(blob)],
      ]) {
        const error = await assertRestError(restore(), 400, MALFORMED).catch((e) => {
          throw new Error(`${label} as a ${kind} blob: ${e.message}`);
        });
        assert.equal(error.message, MALFORMED_MESSAGE, `${label} as a ${kind} blob`);
        assert.equal(innerCode(error), "MalformedBackupBlob", `${label} as a ${kind} blob`);
      }
    }
  });

  it("refuses truncated, bit-flipped, re-marked and wrong-kind key blobs with 400, creating nothing", async () => {
    const { name, versions } = await makeRsaKey(home, "jsb-m-key");
    const blob = await home.keys.backupKey(name);
    const secret = await makeSecret(home, "jsb-m-secret");
    const secretBlob = await home.secrets.backupSecret(secret.name);
    await purgeKey(home.keys, name);
    await purgeSecret(home.secrets, secret.name);

    const { marker, parts } = openBlob(blob);
    const bytes = Buffer.from(blob);
    const damaged = {
      "truncated to half": new Uint8Array(bytes.subarray(0, Math.floor(bytes.length / 2))),
      "truncated by 5 bytes (into the GCM tag)": new Uint8Array(bytes.subarray(0, bytes.length - 5)),
      "truncated after the marker": new Uint8Array(bytes.subarray(0, 1 + bytes[0])),
      "truncated to its length byte": new Uint8Array(bytes.subarray(0, 1)),
      "empty": new Uint8Array(0),
      "a bit flipped in the wrapped content key": flipBit(blob, 1),
      "a bit flipped in the IV": flipBit(blob, 2),
      "a bit flipped in the ciphertext": flipBit(blob, 3),
      "a bit flipped in the GCM tag": flipBit(blob, 4),
      "its last JWE part removed": makeBlob(marker, parts.slice(0, 4)),
      "an authenticated header member changed": withHeader(blob, (h) => ({ ...h, "coffer-created": Number(h["coffer-created"]) + 1 })),
      "marked as format 9": makeBlob("CofferKeyBackupV9", parts),
      "marked as a secret": makeBlob("CofferSecretBackupV1", parts),
      "a secret's JWE marked as a key": makeBlob("CofferKeyBackupV1", openBlob(secretBlob).parts),
      "a secret blob": secretBlob,
    };
    for (const [label, broken] of Object.entries(damaged)) {
      await assertRestError(home.keys.restoreKeyBackup(broken), 400, MALFORMED).catch((e) => {
        throw new Error(`${label}: ${e.message}`);
      });
    }
    await assertRestError(home.secrets.restoreSecretBackup(blob), 400, MALFORMED);
    await assertRestError(home.certs.restoreCertificateBackup(blob), 400, MALFORMED);
    await assertRestError(home.certs.restoreCertificateBackup(secretBlob), 400, MALFORMED);
    await assertNoKey(home.keys, name);
    await assertNoSecret(home.secrets, name);
    await assertNoSecret(home.secrets, secret.name);
    await assertNoKey(home.keys, secret.name);
    await assertRestError(home.certs.getCertificate(name), 404, "CertificateNotFound");

    // A protection key the deployment does not hold (docs: rule 2) is its own 400.
    const foreign = withHeader(blob, (h) => ({ ...h, kid: "0".repeat(32) }));
    await assertRestError(home.keys.restoreKeyBackup(foreign), 400, "UnknownBackupProtectionKey");
    await assertNoKey(home.keys, name);

    // The intact blob still restores: the refusals were about the damage.
    const restored = await home.keys.restoreKeyBackup(blob);
    assert.equal(restored.id, versions[1].id);
  });

  it("refuses damaged secret and certificate blobs with 400, creating nothing", async () => {
    const secret = await makeSecret(home, "jsb-m-secret2");
    const secretBlob = await home.secrets.backupSecret(secret.name);
    const cert = await makeCertificate(home, "jsb-m-cert", "application/x-pkcs12");
    const certBlob = await home.certs.backupCertificate(cert.name);
    await purgeSecret(home.secrets, secret.name);
    await purgeCertificate(home.certs, cert.name);

    for (const part of [1, 2, 3, 4]) {
      await assertRestError(home.secrets.restoreSecretBackup(flipBit(secretBlob, part)), 400, MALFORMED);
      await assertRestError(home.certs.restoreCertificateBackup(flipBit(certBlob, part)), 400, MALFORMED);
    }
    const cut = (b) => new Uint8Array(Buffer.from(b).subarray(0, b.length - 7));
    await assertRestError(home.secrets.restoreSecretBackup(cut(secretBlob)), 400, MALFORMED);
    await assertRestError(home.certs.restoreCertificateBackup(cut(certBlob)), 400, MALFORMED);
    await assertRestError(home.secrets.restoreSecretBackup(certBlob), 400, MALFORMED);
    await assertRestError(home.keys.restoreKeyBackup(certBlob), 400, MALFORMED);
    await assertNoSecret(home.secrets, secret.name);
    await assertNoCertificate(home, cert.name);

    assert.equal((await home.secrets.restoreSecretBackup(secretBlob)).id, secret.versions[2].properties.id);
    assert.equal((await home.certs.restoreCertificateBackup(certBlob)).properties.id, cert.certificate.properties.id);
  });
});
