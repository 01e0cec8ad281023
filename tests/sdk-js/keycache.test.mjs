// Coffer keeps imported key objects per key version between crypto operations. The cache must be invisible except in
// speed: each test first uses a key (so its object is cached), then changes it through the KeyClient, and the very next
// operation — sent by the official CryptographyClient — sees the change. The clients are in remote-only mode, so every
// operation reaches the server (the SDK would otherwise check nbf/exp/key_ops itself and verify/encrypt locally).
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { assertRestError, cryptoClient, fastPoll, innerCode, keyClient, purgeKeysAfterAll, secondsFromNow, uniqueName } from "./helpers.mjs";

const client = keyClient();
const track = purgeKeysAfterAll(client);
const IN_FLIGHT = 8;

const digest = () => createHash("sha256").update(randomBytes(32)).digest();

/** An EC P-256 key, signed with once so that its key object is cached. */
async function usedEcKey(prefix) {
  const key = await client.createEcKey(track(uniqueName(prefix)), { curve: "P-256" });
  const { client: crypto } = cryptoClient(key, { remoteOnly: true });
  assert.equal((await crypto.sign("ES256", digest())).result.length, 64);
  return { key, crypto };
}

/** Starts IN_FLIGHT signs and returns a promise of their outcomes: "ok" or the status they were refused with. */
function signsInFlight(crypto) {
  return Promise.all(
    Array.from({ length: IN_FLIGHT }, () =>
      crypto.sign("ES256", digest()).then(
        () => "ok",
        (error) => error.statusCode,
      ),
    ),
  );
}

describe("key object cache: a change applies on the very next request", { timeout: 120_000 }, () => {
  it("disabled, with signs in flight, is refused at once; enabled again, signs", async () => {
    const { key, crypto } = await usedEcKey("jkc-disabled");
    const inFlight = signsInFlight(crypto);
    await client.updateKeyProperties(key.name, key.properties.version, { enabled: false });

    const error = await assertRestError(crypto.sign("ES256", digest()), 403, "Forbidden");
    assert.equal(innerCode(error), "KeyDisabled");
    for (const outcome of await inFlight) {
      assert.ok(outcome === "ok" || outcome === 403, `a sign in flight ended with ${outcome}`);
    }

    await client.updateKeyProperties(key.name, key.properties.version, { enabled: true });
    assert.equal((await crypto.sign("ES256", digest())).result.length, 64);
  });

  it("expired by an update: sign refused, verify still answered", async () => {
    const { key, crypto } = await usedEcKey("jkc-expired");
    const signedDigest = digest();
    const signed = await crypto.sign("ES256", signedDigest);
    const inFlight = signsInFlight(crypto);
    await client.updateKeyProperties(key.name, key.properties.version, { expiresOn: secondsFromNow(-60) });

    const error = await assertRestError(crypto.sign("ES256", digest()), 403, "Forbidden");
    assert.equal(innerCode(error), "KeyExpired");
    await inFlight;
    assert.equal((await crypto.verify("ES256", signedDigest, signed.result)).result, true, "verify works outside nbf/exp");
  });

  it("not yet valid by an update: sign refused", async () => {
    const { key, crypto } = await usedEcKey("jkc-nbf");
    await client.updateKeyProperties(key.name, key.properties.version, { notBefore: secondsFromNow(3600) });

    const error = await assertRestError(crypto.sign("ES256", digest()), 403, "Forbidden");
    assert.equal(innerCode(error), "KeyNotYetValid");
  });

  it("key_ops narrowed by an update: unwrapKey refused, wrapKey still allowed", async () => {
    const key = await client.createRsaKey(track(uniqueName("jkc-ops")), { keySize: 2048 });
    const { client: crypto } = cryptoClient(key, { remoteOnly: true });
    const cek = randomBytes(32);
    const wrapped = await crypto.wrapKey("RSA-OAEP-256", cek);
    assert.deepEqual(Buffer.from((await crypto.unwrapKey("RSA-OAEP-256", wrapped.result)).result), cek);

    await client.updateKeyProperties(key.name, key.properties.version, { keyOps: ["wrapKey"] });

    const error = await assertRestError(crypto.unwrapKey("RSA-OAEP-256", wrapped.result), 403, "Forbidden");
    assert.equal(innerCode(error), "KeyOperationForbidden");
    assert.ok((await crypto.wrapKey("RSA-OAEP-256", cek)).result.length > 0);
  });

  it("deleted: 404 at once; recovered: signs again", async () => {
    const { key, crypto } = await usedEcKey("jkc-deleted");
    const inFlight = signsInFlight(crypto);
    await (await client.beginDeleteKey(key.name, fastPoll)).pollUntilDone();

    await assertRestError(crypto.sign("ES256", digest()), 404, "KeyNotFound");
    for (const outcome of await inFlight) {
      assert.ok(outcome === "ok" || outcome === 404, `a sign in flight ended with ${outcome}`);
    }

    await (await client.beginRecoverDeletedKey(key.name, fastPoll)).pollUntilDone();
    assert.equal((await crypto.sign("ES256", digest())).result.length, 64);
  });

  it("purged: 404; restored over the purged name: the same version signs with the same key", async () => {
    const { key, crypto } = await usedEcKey("jkc-purged");
    const before = digest();
    const signedBefore = await crypto.sign("ES256", before);
    const backup = await client.backupKey(key.name);
    await (await client.beginDeleteKey(key.name, fastPoll)).pollUntilDone();
    await client.purgeDeletedKey(key.name);

    await assertRestError(crypto.sign("ES256", digest()), 404, "KeyNotFound");

    const restored = await client.restoreKeyBackup(backup);
    assert.equal(restored.id, key.id);
    const signed = await crypto.sign("ES256", digest());
    assert.equal(signed.keyID, key.id);
    assert.equal((await crypto.verify("ES256", before, signedBefore.result)).result, true, "the restored key is the one backed up");
  });

  it("rotated: the versionless key signs with the new version at once", async () => {
    const { key } = await usedEcKey("jkc-rotated");
    // The SDK reports the id it was given, not the answer's kid: the verifications below tell which version signed.
    const { client: latest } = cryptoClient(`${key.id.slice(0, key.id.lastIndexOf("/"))}`, { remoteOnly: true });
    assert.equal((await latest.sign("ES256", digest())).result.length, 64);

    const rotated = await client.rotateKey(key.name);

    const d = digest();
    const signed = await latest.sign("ES256", d);
    const { client: newVersion } = cryptoClient(rotated, { remoteOnly: true });
    assert.equal((await newVersion.verify("ES256", d, signed.result)).result, true);
    const { client: oldVersion } = cryptoClient(key, { remoteOnly: true });
    assert.equal((await oldVersion.verify("ES256", d, signed.result)).result, false, "signed by the new version, not the cached old one");
  });
});
