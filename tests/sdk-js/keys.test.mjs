// The Keys API of Coffer, driven by the official @azure/keyvault-keys KeyClient
// (cryptographic operations are in crypto.test.mjs).
import assert from "node:assert/strict";
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  generateKeyPairSync,
  generateKeySync,
  publicEncrypt,
  randomBytes,
  verify as nodeVerify,
} from "node:crypto";
import { after, before, describe, it } from "node:test";
import { parseKeyVaultKeyIdentifier } from "@azure/keyvault-keys";
import {
  assertNoPrivateParts,
  assertRestError,
  assertSameSecond,
  collect,
  credential,
  cryptoClient,
  env,
  fastPoll,
  inBatches,
  innerCode,
  keyClient,
  publicKeyFromJwk,
  rawRequest,
  sdkJwkFromNode,
  secondsFromNow,
  uniqueName,
  vaultScope,
} from "./helpers.mjs";

const VERSION = /^[0-9a-f]{32}$/;
const client = keyClient();
// Every name this file creates, so that `after` can tidy the vault (best effort).
const created = new Set();

const RSA_DEFAULT_OPS = ["decrypt", "encrypt", "sign", "unwrapKey", "verify", "wrapKey"];
const EC_DEFAULT_OPS = ["sign", "verify"];
const OCT_DEFAULT_OPS = ["decrypt", "encrypt", "unwrapKey", "wrapKey"];
const CURVES = [
  { curve: "P-256", bytes: 32 },
  { curve: "P-384", bytes: 48 },
  { curve: "P-521", bytes: 66 },
  { curve: "P-256K", bytes: 32 },
];

function track(name) {
  created.add(name);
  return name;
}

async function deleteAndPurge(name) {
  const poller = await client.beginDeleteKey(name, fastPoll);
  await poller.pollUntilDone();
  await client.purgeDeletedKey(name);
}

after(async () => {
  await inBatches([...created], 5, async (name) => {
    try {
      await deleteAndPurge(name);
    } catch {
      // Already deleted, purged or never created: nothing to tidy.
    }
  });
});

const sorted = (list) => [...(list ?? [])].sort();

/** What every key bundle the service returns must look like. */
function assertKey(key, name, kty) {
  assert.equal(key.name, name);
  assert.match(key.properties.version, VERSION);
  assert.equal(key.id, `${env.vaultUrl}/keys/${name}/${key.properties.version}`);
  assert.equal(key.key.kid, key.id, "key.kid is the versioned id");
  assert.equal(key.properties.id, key.id);
  assert.equal(key.properties.name, name);
  assert.equal(key.properties.vaultUrl, env.vaultUrl);
  assert.equal(key.keyType, kty);
  assert.equal(key.key.kty, kty);
  assert.ok(key.properties.createdOn instanceof Date, "createdOn is a Date");
  assert.ok(key.properties.updatedOn instanceof Date, "updatedOn is a Date");
  assert.ok(Math.abs(key.properties.createdOn.getTime() - Date.now()) < 5 * 60_000, "createdOn is about now");
  assert.match(key.properties.recoveryLevel ?? "", /Recoverable/);
  assert.ok(
    Number.isInteger(key.properties.recoverableDays) && key.properties.recoverableDays >= 7 && key.properties.recoverableDays <= 90,
    `recoverableDays ${key.properties.recoverableDays} is the vault's retention (7-90 days)`,
  );
  assertNoPrivateParts(key.key, `key ${name}`);
}

describe("createRsaKey, createEcKey, createOctKey", { timeout: 180_000 }, () => {
  for (const keySize of [2048, 3072, 4096]) {
    it(`creates an RSA ${keySize} key with e=65537 and RSA's default operations`, async () => {
      const name = track(uniqueName(`js-rsa${keySize}`));
      const key = await client.createRsaKey(name, { keySize });
      assertKey(key, name, "RSA");
      assert.equal(key.key.n.length, keySize / 8, "modulus length");
      assert.deepEqual([...key.key.e], [1, 0, 1]);
      assert.equal(key.key.crv, undefined);
      assert.deepEqual(sorted(key.keyOperations), RSA_DEFAULT_OPS);
      assert.deepEqual(sorted(key.key.keyOps), RSA_DEFAULT_OPS);
      assert.equal(key.properties.enabled, true);
      assert.equal(key.properties.expiresOn, undefined);
      assert.equal(key.properties.notBefore, undefined);
      // A real RSA public key of that size.
      assert.equal(publicKeyFromJwk(key.key).asymmetricKeyDetails.modulusLength, keySize);

      const got = await client.getKey(name);
      assertKey(got, name, "RSA");
      assert.equal(got.id, key.id);
      assert.deepEqual(Buffer.from(got.key.n), Buffer.from(key.key.n));
    });
  }

  it("creates a 2048-bit RSA key when no size is given", async () => {
    const name = track(uniqueName("js-rsa-default"));
    const key = await client.createRsaKey(name);
    assert.equal(key.key.n.length, 256);
  });

  it("creates RSA-HSM with hsm: true", async () => {
    const name = track(uniqueName("js-rsa-hsm"));
    const key = await client.createRsaKey(name, { hsm: true, keySize: 2048 });
    assertKey(key, name, "RSA-HSM");
    assert.equal(key.key.n.length, 256);
  });

  for (const { curve, bytes } of CURVES) {
    it(`creates an EC ${curve} key with sign and verify`, async () => {
      const name = track(uniqueName(`js-ec-${curve}`));
      const key = await client.createEcKey(name, { curve });
      assertKey(key, name, "EC");
      assert.equal(key.key.crv, curve);
      assert.equal(key.key.x.length, bytes, "x length");
      assert.equal(key.key.y.length, bytes, "y length");
      assert.equal(key.key.n, undefined);
      assert.deepEqual(sorted(key.keyOperations), EC_DEFAULT_OPS);
      // node accepts the point as a public key of that curve.
      const expected = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1", "P-256K": "secp256k1" }[curve];
      assert.equal(publicKeyFromJwk(key.key).asymmetricKeyDetails.namedCurve, expected);

      const got = await client.getKey(name, { version: key.properties.version });
      assert.equal(got.key.crv, curve);
      assert.deepEqual(Buffer.from(got.key.x), Buffer.from(key.key.x));
      assertNoPrivateParts(got.key);
    });
  }

  it("creates a P-256 key when no curve is given, and EC-HSM with hsm: true", async () => {
    const name = track(uniqueName("js-ec-default"));
    const key = await client.createEcKey(name);
    assert.equal(key.key.crv, "P-256");
    const hsmName = track(uniqueName("js-ec-hsm"));
    const hsm = await client.createEcKey(hsmName, { curve: "P-384", hsm: true });
    assertKey(hsm, hsmName, "EC-HSM");
    assert.equal(hsm.key.crv, "P-384");
  });

  for (const keySize of [128, 192, 256]) {
    it(`creates an oct ${keySize} key and never returns its bytes`, async () => {
      const name = track(uniqueName(`js-oct${keySize}`));
      const key = await client.createOctKey(name, { keySize });
      assertKey(key, name, "oct");
      assert.equal(key.key.k, undefined);
      assert.equal(key.key.n, undefined);
      assert.equal(key.key.x, undefined);
      assert.deepEqual(sorted(key.keyOperations), OCT_DEFAULT_OPS);
      const got = await client.getKey(name);
      assertNoPrivateParts(got.key);
      assert.equal(got.keyType, "oct");
    });
  }

  it("creates oct-HSM with hsm: true", async () => {
    const name = track(uniqueName("js-oct-hsm"));
    const key = await client.createOctKey(name, { hsm: true, keySize: 256 });
    assertKey(key, name, "oct-HSM");
    assert.equal(key.key.k, undefined);
  });

  it("createKey with keyOps, tags, notBefore, expiresOn and enabled: false", async () => {
    const name = track(uniqueName("js-create-opts"));
    const notBefore = secondsFromNow(-3600);
    const expiresOn = secondsFromNow(30 * 86_400);
    const key = await client.createKey(name, "RSA", {
      keySize: 2048,
      keyOps: ["sign", "verify"],
      tags: { env: "test", owner: "sdk-js" },
      notBefore,
      expiresOn,
      enabled: false,
    });
    assertKey(key, name, "RSA");
    assert.deepEqual(sorted(key.keyOperations), ["sign", "verify"]);
    assert.deepEqual(key.properties.tags, { env: "test", owner: "sdk-js" });
    assertSameSecond(key.properties.notBefore, notBefore, "notBefore");
    assertSameSecond(key.properties.expiresOn, expiresOn, "expiresOn");
    assert.equal(key.properties.enabled, false);

    const got = await client.getKey(name);
    assert.deepEqual(sorted(got.keyOperations), ["sign", "verify"]);
    assert.deepEqual(got.properties.tags, { env: "test", owner: "sdk-js" });
    assertSameSecond(got.properties.notBefore, notBefore, "notBefore after get");
    assertSameSecond(got.properties.expiresOn, expiresOn, "expiresOn after get");
    assert.equal(got.properties.enabled, false);
  });

  it("treats an empty keyOps list as the key type's defaults", async () => {
    const name = track(uniqueName("js-empty-ops"));
    const key = await client.createKey(name, "EC", { curve: "P-256", keyOps: [] });
    assert.deepEqual(sorted(key.keyOperations), EC_DEFAULT_OPS);
  });

  it("stores exportable and the release policy as given", async () => {
    const name = track(uniqueName("js-exportable"));
    const policy = {
      version: "1.0.0",
      anyOf: [{ authority: "https://attest.example", allOf: [{ claim: "sdk-test", equals: "true" }] }],
    };
    const encodedPolicy = new Uint8Array(Buffer.from(JSON.stringify(policy), "utf8"));
    const key = await client.createRsaKey(name, {
      hsm: true,
      keySize: 2048,
      exportable: true,
      releasePolicy: { contentType: "application/json; charset=utf-8", encodedPolicy, immutable: false },
    });
    assertKey(key, name, "RSA-HSM");
    assert.equal(key.properties.exportable, true);
    assert.equal(key.properties.releasePolicy?.contentType, "application/json; charset=utf-8");
    assert.equal(key.properties.releasePolicy?.immutable, false);
    assert.deepEqual(JSON.parse(Buffer.from(key.properties.releasePolicy.encodedPolicy).toString("utf8")), policy);

    const got = await client.getKey(name);
    assert.equal(got.properties.exportable, true);
    assert.deepEqual(Buffer.from(got.properties.releasePolicy.encodedPolicy), Buffer.from(encodedPolicy));
  });

  it("400 BadParameter for an exportable key without a release policy (Azure's AKV.SKR.1004), on create and import", async () => {
    const name = track(uniqueName("js-exportable-nopolicy"));
    const error = await assertRestError(client.createRsaKey(name, { hsm: true, exportable: true }), 400, "BadParameter");
    assert.equal(error.message, "AKV.SKR.1004: Exportable keys must have release policy.");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = sdkJwkFromNode(privateKey.export({ format: "jwk" }));
    await assertRestError(client.importKey(name, jwk, { exportable: true }), 400, "BadParameter");
    await assertRestError(client.getKey(name), 404, "KeyNotFound");
  });

  it("400 BadParameter for a release policy on a key that is not exportable (Azure's AKV.SKR.1005)", async () => {
    const name = track(uniqueName("js-policy-nonexportable"));
    const encodedPolicy = new Uint8Array(Buffer.from(JSON.stringify({ version: "1.0.0", anyOf: [] })));
    const error = await assertRestError(client.createRsaKey(name, { hsm: true, releasePolicy: { encodedPolicy } }), 400, "BadParameter");
    assert.match(error.message, /exportable/i);
    assert.equal(error.message, "AKV.SKR.1005: Non-exportable keys must not have release policy.");
    await assertRestError(client.getKey(name), 404, "KeyNotFound");
  });

  it("refuses to replace an immutable release policy (Azure's AKV.SKR.1020); a mutable one can be replaced", async () => {
    const encodedPolicy = new Uint8Array(Buffer.from(JSON.stringify({ version: "1.0.0", anyOf: [{ authority: "https://a.example", allOf: [] }] })));
    const otherPolicy = new Uint8Array(Buffer.from(JSON.stringify({ version: "1.0.0", anyOf: [{ authority: "https://b.example", allOf: [] }] })));

    const mutable = track(uniqueName("js-policy-mutable"));
    await client.createRsaKey(mutable, { hsm: true, exportable: true, releasePolicy: { encodedPolicy, immutable: false } });
    const replaced = await client.updateKeyProperties(mutable, { releasePolicy: { encodedPolicy: otherPolicy } });
    assert.deepEqual(Buffer.from(replaced.properties.releasePolicy.encodedPolicy), Buffer.from(otherPolicy));

    const immutable = track(uniqueName("js-policy-immutable"));
    await client.createRsaKey(immutable, { hsm: true, exportable: true, releasePolicy: { encodedPolicy, immutable: true } });
    const error = await assertRestError(
      client.updateKeyProperties(immutable, { releasePolicy: { encodedPolicy: otherPolicy, immutable: true } }), 400, "BadParameter");
    assert.equal(error.message, "AKV.SKR.1020: Immutable Key Release Policy cannot be modified.");
    const kept = await client.getKey(immutable);
    assert.deepEqual(Buffer.from(kept.properties.releasePolicy.encodedPolicy), Buffer.from(encodedPolicy));
    assert.equal(kept.properties.releasePolicy.immutable, true);
    // Other properties of such a key still change.
    const retagged = await client.updateKeyProperties(immutable, { tags: { t: "1" } });
    assert.deepEqual(retagged.properties.tags, { t: "1" });
  });

  it("creating an existing name adds a version", async () => {
    const name = track(uniqueName("js-create-twice"));
    const first = await client.createEcKey(name, { curve: "P-256" });
    const second = await client.createEcKey(name, { curve: "P-384" });
    assert.notEqual(first.properties.version, second.properties.version);
    const latest = await client.getKey(name);
    assert.equal(latest.properties.version, second.properties.version);
    assert.equal(latest.key.crv, "P-384");
    const old = await client.getKey(name, { version: first.properties.version });
    assert.equal(old.key.crv, "P-256");
    assert.equal(old.id, first.id);
  });

  it("returns an identifier that parseKeyVaultKeyIdentifier understands", async () => {
    const name = track(uniqueName("js-key-id"));
    const key = await client.createOctKey(name, { keySize: 128 });
    const parsed = parseKeyVaultKeyIdentifier(key.id);
    assert.equal(parsed.vaultUrl, env.vaultUrl);
    assert.equal(parsed.name, name);
    assert.equal(parsed.version, key.properties.version);
  });

  it("treats names case-insensitively", async () => {
    const name = track(uniqueName("js-Key-Case"));
    const key = await client.createEcKey(name, { curve: "P-256" });
    const upper = await client.getKey(name.toUpperCase());
    assert.equal(upper.properties.version, key.properties.version);
    const lower = await client.getKey(name.toLowerCase());
    assert.deepEqual(Buffer.from(lower.key.x), Buffer.from(key.key.x));
  });

  for (const serviceVersion of ["7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01", "2026-04-01"]) {
    it(`works with serviceVersion ${serviceVersion}`, async () => {
      const versioned = keyClient(env.vaultUrl, credential(), { serviceVersion });
      const name = track(uniqueName("js-key-api"));
      const key = await versioned.createEcKey(name, { curve: "P-256", tags: { api: serviceVersion } });
      assert.equal((await versioned.getKey(name)).properties.tags.api, serviceVersion);
      assert.equal((await versioned.getKey(name, { version: key.properties.version })).key.crv, "P-256");
      const listed = await versioned.listPropertiesOfKeyVersions(name).byPage({ maxPageSize: 5 }).next();
      assert.equal(listed.value.length, 1);
    });
  }
});

describe("getKey", { timeout: 60_000 }, () => {
  it("gets the latest version and an older one by version, without private parts", async () => {
    const name = track(uniqueName("js-get"));
    const first = await client.createRsaKey(name, { keySize: 2048, tags: { v: "1" } });
    const second = await client.createRsaKey(name, { keySize: 2048, tags: { v: "2" } });

    const latest = await client.getKey(name);
    assertKey(latest, name, "RSA");
    assert.equal(latest.properties.version, second.properties.version);
    assert.deepEqual(latest.properties.tags, { v: "2" });
    assert.deepEqual(Buffer.from(latest.key.n), Buffer.from(second.key.n));

    const old = await client.getKey(name, { version: first.properties.version });
    assertKey(old, name, "RSA");
    assert.equal(old.id, first.id);
    assert.deepEqual(old.properties.tags, { v: "1" });
    assert.deepEqual(Buffer.from(old.key.n), Buffer.from(first.key.n));
    assert.notDeepEqual(Buffer.from(old.key.n), Buffer.from(latest.key.n));
  });

  it("404 KeyNotFound for a missing key and a missing version", async () => {
    const error = await assertRestError(client.getKey(uniqueName("js-missing")), 404, "KeyNotFound");
    assert.equal(typeof error.details?.error?.message, "string");
    const name = track(uniqueName("js-missing-ver"));
    await client.createOctKey(name, { keySize: 128 });
    await assertRestError(client.getKey(name, { version: "0123456789abcdef0123456789abcdef" }), 404, "KeyNotFound");
  });
});

describe("updateKeyProperties", { timeout: 60_000 }, () => {
  it("updates keyOps, enabled, tags, notBefore and expiresOn of a version", async () => {
    const name = track(uniqueName("js-kupd"));
    const key = await client.createRsaKey(name, { keySize: 2048, tags: { a: "1" } });
    const version = key.properties.version;
    const notBefore = secondsFromNow(-60);
    const expiresOn = secondsFromNow(7 * 86_400);

    const updated = await client.updateKeyProperties(name, version, {
      keyOps: ["sign", "verify"],
      enabled: false,
      tags: { b: "2", c: "3" },
      notBefore,
      expiresOn,
    });
    assert.equal(updated.name, name);
    assert.equal(updated.id, key.id);
    assert.equal(updated.properties.version, version);
    assert.deepEqual(sorted(updated.keyOperations), ["sign", "verify"]);
    assert.equal(updated.properties.enabled, false);
    assert.deepEqual(updated.properties.tags, { b: "2", c: "3" });
    assertSameSecond(updated.properties.notBefore, notBefore, "notBefore");
    assertSameSecond(updated.properties.expiresOn, expiresOn, "expiresOn");
    assert.equal(updated.properties.createdOn.getTime(), key.properties.createdOn.getTime(), "createdOn unchanged");
    assert.ok(updated.properties.updatedOn.getTime() >= key.properties.updatedOn.getTime(), "updatedOn moved forward");
    assert.deepEqual(Buffer.from(updated.key.n), Buffer.from(key.key.n), "the key material is not touched");
    assertNoPrivateParts(updated.key);

    const got = await client.getKey(name, { version });
    assert.deepEqual(sorted(got.keyOperations), ["sign", "verify"]);
    assert.equal(got.properties.enabled, false);
    assert.deepEqual(got.properties.tags, { b: "2", c: "3" });
  });

  it("updates the latest version when no version is given, leaving omitted properties alone", async () => {
    const name = track(uniqueName("js-kupd-latest"));
    const expiresOn = secondsFromNow(3 * 86_400);
    const first = await client.createEcKey(name, { curve: "P-256", tags: { v: "1" } });
    const second = await client.createEcKey(name, { curve: "P-256", tags: { keep: "me" }, expiresOn, keyOps: ["verify"] });

    const updated = await client.updateKeyProperties(name, { enabled: true });
    assert.equal(updated.properties.version, second.properties.version);
    assert.deepEqual(updated.properties.tags, { keep: "me" });
    assertSameSecond(updated.properties.expiresOn, expiresOn, "expiresOn kept");
    assert.deepEqual(sorted(updated.keyOperations), ["verify"], "keyOps kept");

    const retagged = await client.updateKeyProperties(name, { tags: { v: "2-updated" } });
    assert.equal(retagged.properties.version, second.properties.version);
    assert.deepEqual((await client.getKey(name, { version: first.properties.version })).properties.tags, { v: "1" });
  });

  it("404 KeyNotFound when updating a missing key; 400 for an unknown operation", async () => {
    await assertRestError(
      client.updateKeyProperties(uniqueName("js-kupd-missing"), "0123456789abcdef0123456789abcdef", { enabled: false }),
      404,
      "KeyNotFound",
    );
    const name = track(uniqueName("js-kupd-badop"));
    const key = await client.createEcKey(name, { curve: "P-256" });
    await assertRestError(client.updateKeyProperties(name, key.properties.version, { keyOps: ["teleport"] }), 400, "BadParameter");
  });

  it("400 BadParameter when expiresOn is before notBefore", async () => {
    const name = track(uniqueName("js-kupd-dates"));
    const key = await client.createEcKey(name, { curve: "P-256" });
    await assertRestError(
      client.updateKeyProperties(name, key.properties.version, { notBefore: secondsFromNow(3600), expiresOn: secondsFromNow(60) }),
      400,
      "BadParameter",
    );
  });
});

describe("listPropertiesOfKeys", { timeout: 180_000 }, () => {
  const prefix = uniqueName("js-klist");
  const count = 30;
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`);

  before(async () => {
    await inBatches(names, 6, (name) => client.createOctKey(track(name), { keySize: 128, tags: { list: prefix } }));
  });

  it("pages with a small maxPageSize and follows nextLink to the end", async () => {
    const seen = [];
    let pages = 0;
    for await (const page of client.listPropertiesOfKeys().byPage({ maxPageSize: 7 })) {
      pages++;
      assert.ok(page.length <= 7, `page ${pages} has ${page.length} items, more than maxPageSize 7`);
      seen.push(...page.map((p) => p.name));
      assert.ok(pages < 1000, "paging does not end");
    }
    assert.deepEqual(seen.filter((n) => n.startsWith(prefix)).sort(), [...names].sort());
    assert.equal(new Set(seen).size, seen.length, "no key is listed twice");
    assert.ok(pages >= Math.ceil(seen.length / 7), `${seen.length} keys came in only ${pages} pages of 7`);
  });

  it("pages by at most 25 by default, over more than 25 keys", async () => {
    const seen = [];
    let pages = 0;
    for await (const page of client.listPropertiesOfKeys().byPage()) {
      pages++;
      assert.ok(page.length <= 25, `page ${pages} has ${page.length} items, more than 25`);
      seen.push(...page.map((p) => p.name));
      assert.ok(pages < 1000, "paging does not end");
    }
    assert.ok(seen.length > 25);
    assert.ok(pages >= 2, "more than 25 keys need more than one page");
    assert.equal(new Set(seen).size, seen.length, "no key is listed twice");
    assert.deepEqual(seen.filter((n) => n.startsWith(prefix)).sort(), [...names].sort());
  });

  it("400 BadParameter for a maxPageSize over 25", async () => {
    await assertRestError(client.listPropertiesOfKeys().byPage({ maxPageSize: 26 }).next(), 400, "BadParameter");
  });

  it("iterates items across pages, with versionless ids and properties", async () => {
    const items = (await collect(client.listPropertiesOfKeys())).filter((p) => p.name.startsWith(prefix));
    assert.equal(items.length, count);
    for (const item of items) {
      assert.equal(item.id, `${env.vaultUrl}/keys/${item.name}`, "list items carry the versionless id");
      assert.equal(item.vaultUrl, env.vaultUrl);
      assert.equal(item.version, undefined);
      assert.equal(item.enabled, true);
      assert.deepEqual(item.tags, { list: prefix });
      assert.ok(item.createdOn instanceof Date && item.updatedOn instanceof Date);
      assert.match(item.recoveryLevel ?? "", /Recoverable/);
    }
  });

  it("does not list deleted keys", async () => {
    const name = track(uniqueName("js-klist-del"));
    await client.createOctKey(name, { keySize: 128 });
    await (await client.beginDeleteKey(name, fastPoll)).pollUntilDone();
    const listed = (await collect(client.listPropertiesOfKeys())).map((p) => p.name);
    assert.ok(!listed.includes(name), "a deleted key is still listed");
  });
});

describe("listPropertiesOfKeyVersions", { timeout: 60_000 }, () => {
  it("lists every version, paged", async () => {
    const name = track(uniqueName("js-kversions"));
    const versions = [];
    for (const value of ["a", "b", "c"]) {
      versions.push((await client.createEcKey(name, { curve: "P-256", tags: { value } })).properties.version);
    }

    const listed = await collect(client.listPropertiesOfKeyVersions(name));
    assert.deepEqual(listed.map((p) => p.version).sort(), [...versions].sort());
    for (const item of listed) {
      assert.equal(item.name, name);
      assert.equal(item.id, `${env.vaultUrl}/keys/${name}/${item.version}`);
      assert.equal(item.enabled, true);
      assert.ok(["a", "b", "c"].includes(item.tags?.value), "each version keeps its tags");
    }

    const pages = [];
    for await (const page of client.listPropertiesOfKeyVersions(name).byPage({ maxPageSize: 2 })) {
      pages.push(page.map((p) => p.version));
    }
    assert.deepEqual(pages.map((p) => p.length), [2, 1]);
    assert.deepEqual(pages.flat().sort(), [...versions].sort());
  });

  it("lists nothing for a name that does not exist", async () => {
    assert.deepEqual(await collect(client.listPropertiesOfKeyVersions(uniqueName("js-no-kversions"))), []);
  });
});

describe("delete, recover and purge", { timeout: 120_000 }, () => {
  it("deletes (soft), gets and lists the deleted key, refuses create, recovers it", async () => {
    const name = track(uniqueName("js-kdel"));
    const key = await client.createRsaKey(name, { keySize: 2048, tags: { d: "1" } });

    const poller = await client.beginDeleteKey(name, fastPoll);
    assert.equal(poller.getResult()?.name, name);
    const deleted = await poller.pollUntilDone();
    assert.equal(deleted.name, name);
    assert.equal(deleted.id, key.id);
    assert.equal(deleted.properties.recoveryId, `${env.vaultUrl}/deletedkeys/${name}`);
    assert.ok(deleted.properties.deletedOn instanceof Date, "deletedOn is a Date");
    assert.ok(deleted.properties.scheduledPurgeDate instanceof Date, "scheduledPurgeDate is a Date");
    assert.ok(deleted.properties.scheduledPurgeDate > deleted.properties.deletedOn, "purge is scheduled after deletion");
    assert.ok(Math.abs(deleted.properties.deletedOn.getTime() - Date.now()) < 5 * 60_000, "deletedOn is about now");
    assert.deepEqual(deleted.properties.tags, { d: "1" });
    assert.equal(deleted.keyType, "RSA");
    assert.deepEqual(Buffer.from(deleted.key.n), Buffer.from(key.key.n));
    assertNoPrivateParts(deleted.key, "deleted key");

    await assertRestError(client.getKey(name), 404, "KeyNotFound");

    const fetched = await client.getDeletedKey(name);
    assert.equal(fetched.name, name);
    assert.equal(fetched.id, key.id);
    assert.equal(fetched.properties.recoveryId, deleted.properties.recoveryId);
    assert.equal(fetched.properties.deletedOn.getTime(), deleted.properties.deletedOn.getTime());
    assert.equal(fetched.properties.scheduledPurgeDate.getTime(), deleted.properties.scheduledPurgeDate.getTime());
    assertNoPrivateParts(fetched.key, "deleted key");

    const mine = (await collect(client.listDeletedKeys())).find((d) => d.name === name);
    assert.ok(mine, "the deleted key is listed by listDeletedKeys");
    assert.equal(mine.properties.recoveryId, deleted.properties.recoveryId);
    assert.equal(mine.id, `${env.vaultUrl}/keys/${name}`);
    assert.ok(mine.properties.deletedOn instanceof Date && mine.properties.scheduledPurgeDate instanceof Date);

    const conflict = await assertRestError(client.createRsaKey(name, { keySize: 2048 }), 409, "Conflict");
    assert.equal(innerCode(conflict), "ObjectIsDeletedButRecoverable");
    const imported = sdkJwkFromNode(generateKeySync("aes", { length: 128 }).export({ format: "jwk" }));
    await assertRestError(client.importKey(name, imported), 409, "Conflict");

    const recovered = await (await client.beginRecoverDeletedKey(name, fastPoll)).pollUntilDone();
    assert.equal(recovered.name, name);
    assert.equal(recovered.id, key.id);
    assert.equal(recovered.properties.version, key.properties.version);

    const back = await client.getKey(name);
    assert.deepEqual(Buffer.from(back.key.n), Buffer.from(key.key.n));
    assert.deepEqual(back.properties.tags, { d: "1" });
    await assertRestError(client.getDeletedKey(name), 404, "KeyNotFound");
  });

  it("keeps every version through delete and recover", async () => {
    const name = track(uniqueName("js-kdel-vers"));
    const v1 = (await client.createEcKey(name, { curve: "P-256" })).properties.version;
    const v2 = (await client.createEcKey(name, { curve: "P-256" })).properties.version;
    await (await client.beginDeleteKey(name, fastPoll)).pollUntilDone();
    await (await client.beginRecoverDeletedKey(name, fastPoll)).pollUntilDone();
    assert.equal((await client.getKey(name, { version: v1 })).properties.version, v1);
    assert.equal((await client.getKey(name)).properties.version, v2);
    const versions = (await collect(client.listPropertiesOfKeyVersions(name))).map((p) => p.version);
    assert.deepEqual(versions.sort(), [v1, v2].sort());
  });

  it("purges a deleted key, freeing its name", async () => {
    const name = track(uniqueName("js-kpurge"));
    await client.createOctKey(name, { keySize: 256 });
    await (await client.beginDeleteKey(name, fastPoll)).pollUntilDone();

    assert.equal(await client.purgeDeletedKey(name), undefined);
    await assertRestError(client.getDeletedKey(name), 404, "KeyNotFound");
    await assertRestError(client.getKey(name), 404, "KeyNotFound");
    assert.ok(!(await collect(client.listDeletedKeys())).some((d) => d.name === name), "a purged key is still listed as deleted");

    const reborn = await client.createOctKey(name, { keySize: 128 });
    assert.equal(reborn.name, name);
    assert.equal((await collect(client.listPropertiesOfKeyVersions(name))).length, 1, "purge removed the old versions");
  });

  it("pages listDeletedKeys", async () => {
    const prefix = uniqueName("js-kdl");
    const names = Array.from({ length: 4 }, (_, i) => track(`${prefix}-${i}`));
    await inBatches(names, 4, (name) => client.createOctKey(name, { keySize: 128 }));
    await inBatches(names, 4, async (name) => (await client.beginDeleteKey(name, fastPoll)).pollUntilDone());

    const seen = [];
    for await (const page of client.listDeletedKeys().byPage({ maxPageSize: 3 })) {
      assert.ok(page.length <= 3, `a page of ${page.length} items, more than maxPageSize 3`);
      seen.push(...page.map((d) => d.name));
    }
    assert.equal(new Set(seen).size, seen.length, "no deleted key is listed twice");
    assert.deepEqual(seen.filter((n) => n.startsWith(prefix)).sort(), [...names].sort());
  });

  it("404 KeyNotFound for delete, get-deleted, recover and purge of missing names", async () => {
    await assertRestError(client.beginDeleteKey(uniqueName("js-knodel"), fastPoll), 404, "KeyNotFound");
    await assertRestError(client.getDeletedKey(uniqueName("js-knodel")), 404, "KeyNotFound");
    await assertRestError(client.beginRecoverDeletedKey(uniqueName("js-knodel"), fastPoll), 404, "KeyNotFound");
    await assertRestError(client.purgeDeletedKey(uniqueName("js-knodel")), 404, "KeyNotFound");
  });

  it("404 for operations on the live name while it is deleted", async () => {
    const name = track(uniqueName("js-kdel-ops"));
    const key = await client.createEcKey(name, { curve: "P-256" });
    await (await client.beginDeleteKey(name, fastPoll)).pollUntilDone();
    await assertRestError(client.getKey(name, { version: key.properties.version }), 404, "KeyNotFound");
    await assertRestError(client.updateKeyProperties(name, key.properties.version, { enabled: false }), 404, "KeyNotFound");
    await assertRestError(client.rotateKey(name), 404, "KeyNotFound");
    assert.deepEqual(await collect(client.listPropertiesOfKeyVersions(name)), []);
  });
});

describe("rotateKey and rotation policies", { timeout: 120_000 }, () => {
  it("rotates to a new version of the same type, size and operations", async () => {
    const name = track(uniqueName("js-rotate"));
    const key = await client.createRsaKey(name, { keySize: 3072, keyOps: ["sign", "verify", "encrypt"] });
    const rotated = await client.rotateKey(name);
    assertKey(rotated, name, "RSA");
    assert.notEqual(rotated.properties.version, key.properties.version);
    assert.equal(rotated.key.n.length, 384, "same key size");
    assert.notDeepEqual(Buffer.from(rotated.key.n), Buffer.from(key.key.n), "new key material");
    assert.deepEqual(sorted(rotated.keyOperations), ["encrypt", "sign", "verify"]);
    assert.equal((await client.getKey(name)).properties.version, rotated.properties.version);
    const versions = (await collect(client.listPropertiesOfKeyVersions(name))).map((p) => p.version);
    assert.deepEqual(versions.sort(), [key.properties.version, rotated.properties.version].sort());

    const ec = track(uniqueName("js-rotate-ec"));
    await client.createEcKey(ec, { curve: "P-521" });
    const rotatedEc = await client.rotateKey(ec);
    assert.equal(rotatedEc.key.crv, "P-521");
    assert.equal(rotatedEc.key.x.length, 66);
  });

  it("reports Key Vault's default policy for a key that has none", async () => {
    const name = track(uniqueName("js-policy-default"));
    await client.createEcKey(name, { curve: "P-256" });
    const policy = await client.getKeyRotationPolicy(name);
    assert.equal(policy.id, `${env.vaultUrl}/keys/${name}/rotationpolicy`);
    assert.deepEqual(policy.lifetimeActions, [{ action: "Notify", timeAfterCreate: undefined, timeBeforeExpiry: "P30D" }]);
    assert.equal(policy.expiresIn, undefined);
  });

  it("sets, gets and applies a rotation policy", async () => {
    const name = track(uniqueName("js-policy"));
    await client.createEcKey(name, { curve: "P-256" });
    const set = await client.updateKeyRotationPolicy(name, {
      lifetimeActions: [
        { action: "Rotate", timeAfterCreate: "P30D" },
        { action: "Notify", timeBeforeExpiry: "P7D" },
      ],
      expiresIn: "P90D",
    });
    assert.equal(set.id, `${env.vaultUrl}/keys/${name}/rotationpolicy`);
    assert.equal(set.expiresIn, "P90D");
    assert.deepEqual(set.lifetimeActions, [
      { action: "Rotate", timeAfterCreate: "P30D", timeBeforeExpiry: undefined },
      { action: "Notify", timeAfterCreate: undefined, timeBeforeExpiry: "P7D" },
    ]);
    assert.ok(set.createdOn instanceof Date && set.updatedOn instanceof Date, "createdOn and updatedOn are Dates");

    const got = await client.getKeyRotationPolicy(name);
    assert.equal(got.expiresIn, "P90D");
    assert.deepEqual(got.lifetimeActions, set.lifetimeActions);
    assert.equal(got.createdOn.getTime(), set.createdOn.getTime());

    // A new version expires expiresIn after its rotation.
    const rotated = await client.rotateKey(name);
    assert.ok(rotated.properties.expiresOn instanceof Date, "the rotated version has an expiry");
    const days = (rotated.properties.expiresOn.getTime() - rotated.properties.createdOn.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - 90) < 0.01, `expires ${days} days after creation, policy says P90D`);

    // Replacing the policy keeps createdOn.
    const replaced = await client.updateKeyRotationPolicy(name, { lifetimeActions: [{ action: "Notify", timeAfterCreate: "P60D" }] });
    assert.deepEqual(replaced.lifetimeActions, [{ action: "Notify", timeAfterCreate: "P60D", timeBeforeExpiry: undefined }]);
    assert.equal(replaced.expiresIn, undefined);
    assert.equal(replaced.createdOn.getTime(), set.createdOn.getTime());
  });

  it("400 BadParameter for an invalid policy; 404 KeyNotFound for a missing key", async () => {
    const name = track(uniqueName("js-policy-bad"));
    await client.createEcKey(name, { curve: "P-256" });
    await assertRestError(client.updateKeyRotationPolicy(name, { lifetimeActions: [{ action: "Rotate", timeAfterCreate: "soon" }] }), 400, "BadParameter");
    await assertRestError(client.updateKeyRotationPolicy(name, { lifetimeActions: [], expiresIn: "P1D" }), 400, "BadParameter");
    // A trigger at or before the moment a new version is made would rotate again at once.
    await assertRestError(
      client.updateKeyRotationPolicy(name, { lifetimeActions: [{ action: "Rotate", timeBeforeExpiry: "P90D" }], expiresIn: "P90D" }), 400, "BadParameter");
    await assertRestError(client.getKeyRotationPolicy(uniqueName("js-policy-missing")), 404, "KeyNotFound");
    await assertRestError(client.updateKeyRotationPolicy(uniqueName("js-policy-missing"), { lifetimeActions: [] }), 404, "KeyNotFound");
    await assertRestError(client.rotateKey(uniqueName("js-rotate-missing")), 404, "KeyNotFound");
  });
});

describe("getRandomBytes", { timeout: 30_000 }, () => {
  it("returns the number of bytes asked for, 1 to 128", async () => {
    for (const count of [1, 16, 128]) {
      const bytes = await client.getRandomBytes(count);
      assert.ok(bytes instanceof Uint8Array, "a Uint8Array");
      assert.equal(bytes.length, count);
    }
    const a = Buffer.from(await client.getRandomBytes(32));
    const b = Buffer.from(await client.getRandomBytes(32));
    assert.notDeepEqual(a, b, "two draws of 32 bytes differ");
  });

  it("400 BadParameter for 0 and 129 bytes", async () => {
    await assertRestError(client.getRandomBytes(0), 400, "BadParameter");
    await assertRestError(client.getRandomBytes(129), 400, "BadParameter");
  });
});

describe("importKey", { timeout: 120_000 }, () => {
  const data = Buffer.from("signed by an imported key");

  it("imports a local RSA key, returns only its public parts, and signs with it", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = sdkJwkFromNode(privateKey.export({ format: "jwk" }));
    const name = track(uniqueName("js-imp-rsa"));
    const key = await client.importKey(name, jwk, { tags: { origin: "node" } });
    assertKey(key, name, "RSA");
    assert.deepEqual(Buffer.from(key.key.n), Buffer.from(jwk.n));
    assert.deepEqual(Buffer.from(key.key.e), Buffer.from(jwk.e));
    assert.deepEqual(sorted(key.keyOperations), RSA_DEFAULT_OPS);
    assert.deepEqual(key.properties.tags, { origin: "node" });
    assertNoPrivateParts((await client.getKey(name)).key, "imported key after get");

    const { client: crypto, recorder } = cryptoClient(key);
    const digest = createHash("sha256").update(data).digest();
    const signed = await crypto.sign("RS256", digest);
    assert.equal(recorder.posts("sign").length, 1, "the signature came from the service");
    assert.ok(nodeVerify("sha256", data, publicKey, Buffer.from(signed.result)), "the local public key verifies the service's signature");

    // Encrypted locally with the original public key, decrypted by the service.
    const plaintext = randomBytes(32);
    const ciphertext = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      plaintext,
    );
    const decrypted = await crypto.decrypt({ algorithm: "RSA-OAEP-256", ciphertext });
    assert.deepEqual(Buffer.from(decrypted.result), plaintext);
  });

  it("imports RSA with hardwareProtected as RSA-HSM, with keyOps and attributes", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 3072 });
    const jwk = { ...sdkJwkFromNode(privateKey.export({ format: "jwk" })), keyOps: ["sign", "verify"] };
    const name = track(uniqueName("js-imp-hsm"));
    const expiresOn = secondsFromNow(86_400);
    const key = await client.importKey(name, jwk, { hardwareProtected: true, expiresOn, enabled: true });
    assertKey(key, name, "RSA-HSM");
    assert.equal(key.key.n.length, 384);
    assert.deepEqual(sorted(key.keyOperations), ["sign", "verify"]);
    assertSameSecond(key.properties.expiresOn, expiresOn, "expiresOn");
  });

  for (const { curve, bytes } of CURVES) {
    it(`imports a local EC ${curve} key and signs with it`, async () => {
      const namedCurve = { "P-256": "P-256", "P-384": "P-384", "P-521": "P-521", "P-256K": "secp256k1" }[curve];
      const hash = { "P-256": "sha256", "P-384": "sha384", "P-521": "sha512", "P-256K": "sha256" }[curve];
      const alg = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512", "P-256K": "ES256K" }[curve];
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve });
      const jwk = sdkJwkFromNode(privateKey.export({ format: "jwk" }));
      assert.equal(jwk.crv, curve);
      const name = track(uniqueName(`js-imp-ec-${curve}`));
      const key = await client.importKey(name, jwk);
      assertKey(key, name, "EC");
      assert.equal(key.key.crv, curve);
      assert.deepEqual(Buffer.from(key.key.x), Buffer.from(jwk.x));
      assert.deepEqual(Buffer.from(key.key.y), Buffer.from(jwk.y));
      assert.deepEqual(sorted(key.keyOperations), EC_DEFAULT_OPS);

      const { client: crypto, recorder } = cryptoClient(key);
      const digest = createHash(hash).update(data).digest();
      const signed = await crypto.sign(alg, digest);
      assert.equal(recorder.posts("sign").length, 1);
      assert.equal(signed.result.length, 2 * bytes, "an r||s signature");
      assert.ok(nodeVerify(hash, data, { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signed.result)));
    });
  }

  for (const bits of [128, 192, 256]) {
    it(`imports a local oct ${bits} key and encrypts with it`, async () => {
      const nodeJwk = generateKeySync("aes", { length: bits }).export({ format: "jwk" });
      const jwk = sdkJwkFromNode(nodeJwk);
      const name = track(uniqueName(`js-imp-oct${bits}`));
      const key = await client.importKey(name, jwk);
      assertKey(key, name, "oct");
      assert.equal(key.key.k, undefined, "the imported bytes are not returned");
      assert.deepEqual(sorted(key.keyOperations), OCT_DEFAULT_OPS);

      const { client: crypto } = cryptoClient(key);
      const plaintext = Buffer.from(`secret under an imported ${bits}-bit key`);
      const iv = randomBytes(16);
      const encrypted = await crypto.encrypt({ algorithm: `A${bits}CBCPAD`, plaintext, iv });
      // The service used exactly the imported bytes.
      const decipher = createDecipheriv(`aes-${bits}-cbc`, Buffer.from(jwk.k), iv);
      assert.deepEqual(Buffer.concat([decipher.update(Buffer.from(encrypted.result)), decipher.final()]), plaintext);
      const cipher = createCipheriv(`aes-${bits}-cbc`, Buffer.from(jwk.k), iv);
      const local = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const decrypted = await crypto.decrypt({ algorithm: `A${bits}CBCPAD`, ciphertext: local, iv });
      assert.deepEqual(Buffer.from(decrypted.result), plaintext);
    });
  }

  it("imports oct with hardwareProtected as oct-HSM", async () => {
    const jwk = sdkJwkFromNode(generateKeySync("aes", { length: 256 }).export({ format: "jwk" }));
    const name = track(uniqueName("js-imp-oct-hsm"));
    const key = await client.importKey(name, jwk, { hardwareProtected: true });
    assertKey(key, name, "oct-HSM");
  });

  it("400 for malformed JSON web keys", async () => {
    const rsa = sdkJwkFromNode(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }));
    const ec = sdkJwkFromNode(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }));
    const cases = {
      "RSA without private parts": { kty: "RSA", n: rsa.n, e: rsa.e },
      "RSA without n": { ...rsa, n: undefined },
      "EC without d": { kty: "EC", crv: "P-256", x: ec.x, y: ec.y },
      "EC with an unknown curve": { ...ec, crv: "P-999" },
      "EC with P-256 coordinates named P-384": { ...ec, crv: "P-384" },
      "oct of 5 bytes": { kty: "oct", k: new Uint8Array(5) },
      "oct without k": { kty: "oct" },
      "an unknown kty": { kty: "DSA", k: new Uint8Array(32) },
    };
    for (const [label, jwk] of Object.entries(cases)) {
      const name = track(uniqueName("js-imp-bad"));
      const error = await assertRestError(client.importKey(name, jwk), 400).catch((e) => {
        throw new Error(`${label}: ${e.message}`);
      });
      assert.equal(error.code, "BadParameter", `${label}: code ${error.code}`);
      await assertRestError(client.getKey(name), 404, "KeyNotFound");
    }
  });
});

describe("create errors", { timeout: 60_000 }, () => {
  it("400 BadParameter for unsupported key sizes and curves", async () => {
    await assertRestError(client.createRsaKey(track(uniqueName("js-bad-size")), { keySize: 1024 }), 400, "BadParameter");
    await assertRestError(client.createRsaKey(track(uniqueName("js-bad-size")), { keySize: 2047 }), 400, "BadParameter");
    await assertRestError(client.createOctKey(track(uniqueName("js-bad-size")), { keySize: 512 }), 400, "BadParameter");
    await assertRestError(client.createOctKey(track(uniqueName("js-bad-size")), { keySize: 100 }), 400, "BadParameter");
    await assertRestError(client.createEcKey(track(uniqueName("js-bad-crv")), { curve: "P-192" }), 400, "BadParameter");
    await assertRestError(client.createEcKey(track(uniqueName("js-bad-crv")), { curve: "P-384", keySize: 256 }), 400, "BadParameter");
    await assertRestError(client.createKey(track(uniqueName("js-bad-kty")), "DSA"), 400, "BadParameter");
  });

  it("400 BadParameter for an unknown key operation and for invalid names", async () => {
    await assertRestError(client.createEcKey(track(uniqueName("js-bad-op")), { keyOps: ["sign", "fly"] }), 400, "BadParameter");
    await assertRestError(client.createEcKey(`js_bad_${Date.now()}`), 400, "BadParameter");
    await assertRestError(client.createEcKey("k".repeat(128)), 400, "BadParameter");
  });

  it("400 BadParameter for a public exponent other than 65537 (sent by hand: the SDK never sends one)", async () => {
    const { token } = await credential().getToken(vaultScope());
    const name = track(uniqueName("js-bad-exp"));
    const response = await rawRequest("POST", `${env.vaultUrl}/keys/${name}/create?api-version=2025-07-01`, {
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: { kty: "RSA", key_size: 2048, public_exponent: 3 },
    });
    assert.equal(response.status, 400, response.text);
    assert.equal(response.json?.error?.code, "BadParameter");
  });
});

describe("releaseKey", { timeout: 30_000 }, () => {
  it("answers 400: Coffer has no attestation service to release keys against", async () => {
    const name = track(uniqueName("js-release"));
    await client.createRsaKey(name, { hsm: true, keySize: 2048, exportable: true, releasePolicy: { encodedPolicy: new Uint8Array(Buffer.from("{}")) } });
    await assertRestError(client.releaseKey(name, "not-an-attestation-token"), 400, "BadParameter");
  });
});
