// The Secrets API of Coffer, driven by the official @azure/keyvault-secrets SecretClient.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseKeyVaultSecretIdentifier, SecretClient } from "@azure/keyvault-secrets";
import {
  assertRestError,
  assertSameSecond,
  collect,
  credential,
  env,
  fastPoll,
  inBatches,
  innerCode,
  rawRequest,
  secondsFromNow,
  secretClient,
  uniqueName,
  vaultScope,
} from "./helpers.mjs";

const VERSION = /^[0-9a-f]{32}$/;
const client = secretClient();
// Every name this file creates, so that `after` can tidy the vault (best effort).
const created = new Set();

function track(name) {
  created.add(name);
  return name;
}

async function deleteAndPurge(name) {
  const poller = await client.beginDeleteSecret(name, fastPoll);
  await poller.pollUntilDone();
  await client.purgeDeletedSecret(name);
}

after(async () => {
  for (const name of created) {
    try {
      await deleteAndPurge(name);
    } catch {
      // Already deleted, purged or never created: nothing to tidy.
    }
  }
});

describe("setSecret and getSecret", { timeout: 60_000 }, () => {
  it("sets a secret and gets its latest version", async () => {
    const name = track(uniqueName("js-set"));
    const set = await client.setSecret(name, "s3cr3t value", {
      contentType: "text/plain",
      tags: { env: "test", owner: "sdk-js" },
    });

    assert.equal(set.name, name);
    assert.equal(set.value, "s3cr3t value");
    assert.match(set.properties.version, VERSION);
    assert.equal(set.properties.id, `${env.vaultUrl}/secrets/${name}/${set.properties.version}`);
    assert.equal(set.properties.vaultUrl, env.vaultUrl);
    assert.equal(set.properties.name, name);
    assert.equal(set.properties.enabled, true);
    assert.equal(set.properties.contentType, "text/plain");
    assert.deepEqual(set.properties.tags, { env: "test", owner: "sdk-js" });
    assert.ok(set.properties.createdOn instanceof Date, "createdOn is a Date");
    assert.ok(set.properties.updatedOn instanceof Date, "updatedOn is a Date");
    assert.ok(Math.abs(set.properties.createdOn.getTime() - Date.now()) < 5 * 60_000, "createdOn is about now");
    assert.equal(set.properties.expiresOn, undefined);
    assert.equal(set.properties.notBefore, undefined);
    assert.equal(typeof set.properties.recoveryLevel, "string");
    assert.match(set.properties.recoveryLevel, /Recoverable/);
    assert.ok(
      Number.isInteger(set.properties.recoverableDays) && set.properties.recoverableDays >= 7 && set.properties.recoverableDays <= 90,
      `recoverableDays ${set.properties.recoverableDays} is the vault's retention (7-90 days)`,
    );

    const got = await client.getSecret(name);
    assert.equal(got.value, "s3cr3t value");
    assert.equal(got.properties.id, set.properties.id);
    assert.equal(got.properties.version, set.properties.version);
    assert.equal(got.properties.contentType, "text/plain");
    assert.deepEqual(got.properties.tags, { env: "test", owner: "sdk-js" });
    assert.equal(got.properties.createdOn.getTime(), set.properties.createdOn.getTime());
  });

  it("returns an identifier that parseKeyVaultSecretIdentifier understands", async () => {
    const name = track(uniqueName("js-id"));
    const set = await client.setSecret(name, "v");
    const parsed = parseKeyVaultSecretIdentifier(set.properties.id);
    assert.equal(parsed.vaultUrl, env.vaultUrl);
    assert.equal(parsed.name, name);
    assert.equal(parsed.version, set.properties.version);
    assert.equal(parsed.sourceId, set.properties.id);
  });

  it("gets an older version by its id while latest moves on", async () => {
    const name = track(uniqueName("js-ver"));
    const first = await client.setSecret(name, "first");
    const second = await client.setSecret(name, "second");
    assert.notEqual(first.properties.version, second.properties.version);

    const latest = await client.getSecret(name);
    assert.equal(latest.value, "second");
    assert.equal(latest.properties.version, second.properties.version);

    const old = await client.getSecret(name, { version: first.properties.version });
    assert.equal(old.value, "first");
    assert.equal(old.properties.version, first.properties.version);
    assert.equal(old.properties.id, first.properties.id);
  });

  it("round-trips notBefore and expiresOn, and enabled=false at creation", async () => {
    const name = track(uniqueName("js-dates"));
    const notBefore = secondsFromNow(-3600);
    const expiresOn = secondsFromNow(86_400);
    const set = await client.setSecret(name, "dated", { notBefore, expiresOn });
    assertSameSecond(set.properties.notBefore, notBefore, "notBefore");
    assertSameSecond(set.properties.expiresOn, expiresOn, "expiresOn");

    const got = await client.getSecret(name);
    assertSameSecond(got.properties.notBefore, notBefore, "notBefore after get");
    assertSameSecond(got.properties.expiresOn, expiresOn, "expiresOn after get");

    const disabledName = track(uniqueName("js-born-disabled"));
    const disabled = await client.setSecret(disabledName, "off", { enabled: false });
    assert.equal(disabled.properties.enabled, false);
  });

  it("round-trips unicode, JSON-looking and large values exactly", async () => {
    const values = [
      "ünïcødé ✓ 秘密 🔑",
      '{"json":"looking","n":[1,2,3]}',
      "line one\nline two\r\n\ttabbed \"quoted\" \\ backslash",
      "x".repeat(20_000),
    ];
    for (const value of values) {
      const name = track(uniqueName("js-value"));
      await client.setSecret(name, value);
      const got = await client.getSecret(name);
      assert.equal(got.value, value);
    }
  });

  it("gets expired and not-yet-valid secrets (Key Vault does not enforce exp/nbf on secret get)", async () => {
    const expired = track(uniqueName("js-expired"));
    await client.setSecret(expired, "old", { notBefore: secondsFromNow(-7200), expiresOn: secondsFromNow(-3600) });
    assert.equal((await client.getSecret(expired)).value, "old");

    const future = track(uniqueName("js-future"));
    await client.setSecret(future, "later", { notBefore: secondsFromNow(3600) });
    assert.equal((await client.getSecret(future)).value, "later");
  });

  it("keeps distinct versions for concurrent sets of one name", async () => {
    const name = track(uniqueName("js-race"));
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => client.setSecret(name, `value ${i}`)));
    const versions = results.map((r) => r.properties.version);
    assert.equal(new Set(versions).size, 8, "every set made its own version");
    const listed = (await collect(client.listPropertiesOfSecretVersions(name))).map((p) => p.version);
    assert.deepEqual(listed.sort(), [...versions].sort());
    const latest = await client.getSecret(name);
    assert.ok(versions.includes(latest.properties.version));
    assert.equal(latest.value, results[versions.indexOf(latest.properties.version)].value);
  });

  for (const serviceVersion of ["7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01", "2026-04-01"]) {
    it(`works with serviceVersion ${serviceVersion}`, async () => {
      const versioned = new SecretClient(env.vaultUrl, credential(), { serviceVersion });
      const name = track(uniqueName("js-api"));
      const set = await versioned.setSecret(name, `api ${serviceVersion}`, { tags: { api: serviceVersion } });
      assert.equal((await versioned.getSecret(name)).value, `api ${serviceVersion}`);
      assert.equal((await versioned.getSecret(name, { version: set.properties.version })).properties.tags.api, serviceVersion);
      const listed = await versioned.listPropertiesOfSecretVersions(name).byPage({ maxPageSize: 5 }).next();
      assert.equal(listed.value.length, 1);
    });
  }

  it("treats names case-insensitively", async () => {
    const name = track(uniqueName("js-Case"));
    await client.setSecret(name, "any case");
    const got = await client.getSecret(name.toUpperCase());
    assert.equal(got.value, "any case");
    const lower = await client.getSecret(name.toLowerCase());
    assert.equal(lower.value, "any case");

    // Setting under another casing adds a version to the same secret.
    await client.setSecret(name.toUpperCase(), "upper");
    assert.equal((await client.getSecret(name)).value, "upper");
    assert.equal((await collect(client.listPropertiesOfSecretVersions(name))).length, 2);
  });
});

describe("errors", { timeout: 60_000 }, () => {
  it("404 SecretNotFound for a missing secret", async () => {
    const error = await assertRestError(client.getSecret(uniqueName("js-missing")), 404, "SecretNotFound");
    assert.equal(error.details?.error?.code, "SecretNotFound");
    assert.equal(typeof error.details?.error?.message, "string");
  });

  it("404 SecretNotFound for a missing version of an existing secret", async () => {
    const name = track(uniqueName("js-missing-ver"));
    await client.setSecret(name, "v");
    await assertRestError(client.getSecret(name, { version: "0123456789abcdef0123456789abcdef" }), 404, "SecretNotFound");
  });

  it("400 BadParameter for invalid names", async () => {
    await assertRestError(client.setSecret(`js_bad_${Date.now()}`, "v"), 400, "BadParameter");
    await assertRestError(client.setSecret(`js.bad.${Date.now()}`, "v"), 400, "BadParameter");
    await assertRestError(client.setSecret("a".repeat(128), "v"), 400, "BadParameter");
  });

  it("accepts a name of 127 characters", async () => {
    const name = track(uniqueName("js-long").padEnd(127, "x"));
    const set = await client.setSecret(name, "long name");
    assert.equal(set.name, name);
    assert.equal((await client.getSecret(name)).value, "long name");
  });

  it("403 Forbidden when getting a disabled secret; its properties still update", async () => {
    const name = track(uniqueName("js-disabled"));
    const set = await client.setSecret(name, "hidden");
    const updated = await client.updateSecretProperties(name, set.properties.version, { enabled: false });
    assert.equal(updated.enabled, false);

    const error = await assertRestError(client.getSecret(name), 403, "Forbidden");
    assert.match(error.message, /disabled/i);
    assert.equal(innerCode(error), "SecretDisabled");
    await assertRestError(client.getSecret(name, { version: set.properties.version }), 403, "Forbidden");

    // Listing still shows it, as disabled, without a value.
    const versions = await collect(client.listPropertiesOfSecretVersions(name));
    assert.equal(versions.length, 1);
    assert.equal(versions[0].enabled, false);

    const reenabled = await client.updateSecretProperties(name, set.properties.version, { enabled: true });
    assert.equal(reenabled.enabled, true);
    assert.equal((await client.getSecret(name)).value, "hidden");
  });

  it("403 Forbidden for a secret created disabled", async () => {
    const name = track(uniqueName("js-born-off"));
    await client.setSecret(name, "off", { enabled: false });
    await assertRestError(client.getSecret(name), 403, "Forbidden");
  });

  it("400 for values, tags and content types over Key Vault's limits", async () => {
    await assertRestError(client.setSecret(track(uniqueName("js-big")), "x".repeat(25 * 1024 + 1)), 400);
    const tags = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, "v"]));
    await assertRestError(client.setSecret(track(uniqueName("js-tags")), "v", { tags }), 400);
    await assertRestError(client.setSecret(track(uniqueName("js-ct")), "v", { contentType: "c".repeat(256) }), 400);
    // At the limits, all is well.
    const ok = track(uniqueName("js-limits"));
    const atLimit = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`t${i}`, "v".repeat(256)]));
    await client.setSecret(ok, "x".repeat(25 * 1024), { tags: atLimit, contentType: "c".repeat(255) });
    const got = await client.getSecret(ok);
    assert.equal(got.value.length, 25 * 1024);
    assert.equal(Object.keys(got.properties.tags).length, 15);
  });

  it("400 when expiresOn is before notBefore", async () => {
    const name = track(uniqueName("js-bad-dates"));
    await assertRestError(
      client.setSecret(name, "v", { notBefore: secondsFromNow(3600), expiresOn: secondsFromNow(60) }),
      400,
      "BadParameter",
    );
  });
});

describe("updateSecretProperties", { timeout: 60_000 }, () => {
  it("updates enabled, tags, contentType, notBefore and expiresOn of a version", async () => {
    const name = track(uniqueName("js-upd"));
    const set = await client.setSecret(name, "value", { contentType: "text/plain", tags: { a: "1" } });
    const version = set.properties.version;
    const expiresOn = secondsFromNow(7 * 86_400);
    const notBefore = secondsFromNow(-60);

    const updated = await client.updateSecretProperties(name, version, {
      contentType: "application/json",
      tags: { b: "2", c: "3" },
      expiresOn,
      notBefore,
    });
    assert.equal(updated.name, name);
    assert.equal(updated.version, version);
    assert.equal(updated.id, set.properties.id);
    assert.equal(updated.enabled, true);
    assert.equal(updated.contentType, "application/json");
    assert.deepEqual(updated.tags, { b: "2", c: "3" });
    assertSameSecond(updated.expiresOn, expiresOn, "expiresOn");
    assertSameSecond(updated.notBefore, notBefore, "notBefore");
    assert.ok(updated.updatedOn.getTime() >= set.properties.updatedOn.getTime(), "updatedOn moved forward");
    assert.equal(updated.createdOn.getTime(), set.properties.createdOn.getTime(), "createdOn unchanged");
    // The update response carries no value.
    assert.equal(updated.value, undefined);

    const got = await client.getSecret(name);
    assert.equal(got.value, "value", "the value is not touched by an update");
    assert.equal(got.properties.contentType, "application/json");
    assert.deepEqual(got.properties.tags, { b: "2", c: "3" });
    assertSameSecond(got.properties.expiresOn, expiresOn, "expiresOn after get");
    assertSameSecond(got.properties.notBefore, notBefore, "notBefore after get");
  });

  it("leaves omitted properties unchanged", async () => {
    const name = track(uniqueName("js-upd-partial"));
    const expiresOn = secondsFromNow(3 * 86_400);
    const set = await client.setSecret(name, "value", { contentType: "text/plain", tags: { keep: "me" }, expiresOn });
    const updated = await client.updateSecretProperties(name, set.properties.version, { enabled: true });
    assert.equal(updated.contentType, "text/plain");
    assert.deepEqual(updated.tags, { keep: "me" });
    assertSameSecond(updated.expiresOn, expiresOn, "expiresOn kept");
  });

  it("clears tags with an empty tag set", async () => {
    const name = track(uniqueName("js-upd-clear"));
    const set = await client.setSecret(name, "value", { tags: { a: "1" } });
    const updated = await client.updateSecretProperties(name, set.properties.version, { tags: {} });
    assert.ok(updated.tags === undefined || Object.keys(updated.tags).length === 0, `tags left: ${JSON.stringify(updated.tags)}`);
    const got = await client.getSecret(name);
    assert.ok(got.properties.tags === undefined || Object.keys(got.properties.tags).length === 0);
  });

  it("updates only the version it names", async () => {
    const name = track(uniqueName("js-upd-ver"));
    const first = await client.setSecret(name, "one", { tags: { v: "1" } });
    const second = await client.setSecret(name, "two", { tags: { v: "2" } });

    await client.updateSecretProperties(name, first.properties.version, { tags: { v: "1-updated" } });
    const latest = await client.getSecret(name);
    assert.equal(latest.properties.version, second.properties.version);
    assert.deepEqual(latest.properties.tags, { v: "2" });
    const old = await client.getSecret(name, { version: first.properties.version });
    assert.deepEqual(old.properties.tags, { v: "1-updated" });
  });

  it("404 SecretNotFound when updating a missing secret", async () => {
    await assertRestError(
      client.updateSecretProperties(uniqueName("js-upd-missing"), "0123456789abcdef0123456789abcdef", { enabled: false }),
      404,
      "SecretNotFound",
    );
  });
});

describe("listPropertiesOfSecrets", { timeout: 180_000 }, () => {
  const prefix = uniqueName("js-list");
  const count = 30;
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`);

  before(async () => {
    await inBatches(names, 5, (name) =>
      client.setSecret(track(name), `value of ${name}`, { tags: { list: prefix }, contentType: "text/plain" }),
    );
  });

  it("pages with a small maxPageSize and follows nextLink to the end", async () => {
    const seen = [];
    let pages = 0;
    for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 7 })) {
      pages++;
      assert.ok(page.length <= 7, `page ${pages} has ${page.length} items, more than maxPageSize 7`);
      seen.push(...page.map((p) => p.name));
      assert.ok(pages < 1000, "paging does not end");
    }
    const ours = seen.filter((n) => n.startsWith(prefix));
    assert.deepEqual([...ours].sort(), [...names].sort());
    assert.equal(new Set(seen).size, seen.length, "no secret is listed twice");
    assert.ok(pages >= Math.ceil(seen.length / 7), `${seen.length} secrets came in only ${pages} pages of 7`);
  });

  it("pages by at most 25 by default, over more than 25 secrets", async () => {
    const seen = [];
    let pages = 0;
    for await (const page of client.listPropertiesOfSecrets().byPage()) {
      pages++;
      assert.ok(page.length <= 25, `page ${pages} has ${page.length} items, more than 25`);
      seen.push(...page.map((p) => p.name));
      assert.ok(pages < 1000, "paging does not end");
    }
    assert.ok(seen.length > 25);
    assert.ok(pages >= 2, "more than 25 secrets need more than one page");
    assert.equal(new Set(seen).size, seen.length, "no secret is listed twice");
    assert.deepEqual(seen.filter((n) => n.startsWith(prefix)).sort(), [...names].sort());
  });

  it("accepts maxPageSize 1 and 25", async () => {
    let pages = 0;
    for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 1 })) {
      assert.equal(page.length <= 1, true);
      if (++pages >= 3) break;
    }
    assert.equal(pages, 3);
    const first = await client.listPropertiesOfSecrets().byPage({ maxPageSize: 25 }).next();
    assert.ok(first.value.length <= 25 && first.value.length > 0);
  });

  it("400 BadParameter for a maxPageSize over 25", async () => {
    await assertRestError(client.listPropertiesOfSecrets().byPage({ maxPageSize: 26 }).next(), 400, "BadParameter");
  });

  it("iterates items across pages, with properties but no values", async () => {
    const items = (await collect(client.listPropertiesOfSecrets())).filter((p) => p.name.startsWith(prefix));
    assert.equal(items.length, count);
    for (const item of items) {
      assert.equal(item.value, undefined);
      assert.equal(item.vaultUrl, env.vaultUrl);
      assert.equal(item.id, `${env.vaultUrl}/secrets/${item.name}`, "list items carry the versionless id");
      assert.equal(item.enabled, true);
      assert.deepEqual(item.tags, { list: prefix });
      assert.equal(item.contentType, "text/plain");
      assert.ok(item.createdOn instanceof Date && item.updatedOn instanceof Date);
    }
  });

  it("does not list deleted secrets", async () => {
    const name = track(uniqueName("js-list-del"));
    await client.setSecret(name, "v");
    await (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone();
    const listed = (await collect(client.listPropertiesOfSecrets())).map((p) => p.name);
    assert.ok(!listed.includes(name), "a deleted secret is still listed");
  });
});

describe("listPropertiesOfSecretVersions", { timeout: 60_000 }, () => {
  it("lists every version, paged", async () => {
    const name = track(uniqueName("js-versions"));
    const versions = [];
    for (const value of ["a", "b", "c"]) {
      versions.push((await client.setSecret(name, value, { tags: { value } })).properties.version);
    }

    const listed = await collect(client.listPropertiesOfSecretVersions(name));
    assert.deepEqual(listed.map((p) => p.version).sort(), [...versions].sort());
    for (const item of listed) {
      assert.equal(item.name, name);
      assert.equal(item.id, `${env.vaultUrl}/secrets/${name}/${item.version}`);
      assert.equal(item.value, undefined);
      assert.ok(["a", "b", "c"].includes(item.tags?.value), "each version keeps its tags");
    }

    const pages = [];
    for await (const page of client.listPropertiesOfSecretVersions(name).byPage({ maxPageSize: 2 })) {
      pages.push(page.map((p) => p.version));
    }
    assert.deepEqual(pages.map((p) => p.length), [2, 1]);
    assert.deepEqual(pages.flat().sort(), [...versions].sort());
  });

  it("lists nothing for a name that does not exist", async () => {
    // Azure answers an empty list here rather than 404.
    const listed = await collect(client.listPropertiesOfSecretVersions(uniqueName("js-no-versions")));
    assert.deepEqual(listed, []);
  });
});

describe("delete, recover and purge", { timeout: 120_000 }, () => {
  it("deletes (soft), gets and lists the deleted secret, refuses set, recovers it", async () => {
    const name = track(uniqueName("js-del"));
    const set = await client.setSecret(name, "to delete", { tags: { d: "1" }, contentType: "text/plain" });

    const poller = await client.beginDeleteSecret(name, fastPoll);
    const initial = poller.getResult();
    assert.equal(initial?.name, name);
    const deleted = await poller.pollUntilDone();
    assert.equal(deleted.name, name);
    assert.equal(deleted.recoveryId, `${env.vaultUrl}/deletedsecrets/${name}`);
    assert.equal(deleted.properties.recoveryId, deleted.recoveryId);
    assert.ok(deleted.deletedOn instanceof Date, "deletedOn is a Date");
    assert.ok(deleted.scheduledPurgeDate instanceof Date, "scheduledPurgeDate is a Date");
    assert.ok(deleted.scheduledPurgeDate.getTime() > deleted.deletedOn.getTime(), "purge is scheduled after deletion");
    assert.equal(deleted.properties.id, set.properties.id);
    assert.equal(deleted.properties.version, set.properties.version);
    assert.deepEqual(deleted.properties.tags, { d: "1" });
    assert.equal(deleted.value, undefined, "a deleted secret's value is not returned");

    await assertRestError(client.getSecret(name), 404, "SecretNotFound");

    const fetched = await client.getDeletedSecret(name);
    assert.equal(fetched.name, name);
    assert.equal(fetched.recoveryId, deleted.recoveryId);
    assert.equal(fetched.deletedOn.getTime(), deleted.deletedOn.getTime());
    assert.equal(fetched.scheduledPurgeDate.getTime(), deleted.scheduledPurgeDate.getTime());

    const listedDeleted = await collect(client.listDeletedSecrets());
    const mine = listedDeleted.find((d) => d.name === name);
    assert.ok(mine, "the deleted secret is listed by listDeletedSecrets");
    assert.equal(mine.recoveryId, deleted.recoveryId);
    assert.ok(mine.deletedOn instanceof Date && mine.scheduledPurgeDate instanceof Date);

    const conflict = await assertRestError(client.setSecret(name, "reuse"), 409, "Conflict");
    assert.match(conflict.message, /deleted/i);

    const recoverPoller = await client.beginRecoverDeletedSecret(name, fastPoll);
    const recovered = await recoverPoller.pollUntilDone();
    assert.equal(recovered.name, name);
    assert.equal(recovered.version, set.properties.version);
    assert.equal(recovered.id, set.properties.id);

    const back = await client.getSecret(name);
    assert.equal(back.value, "to delete");
    assert.deepEqual(back.properties.tags, { d: "1" });
    assert.equal(back.properties.contentType, "text/plain");
    await assertRestError(client.getDeletedSecret(name), 404, "SecretNotFound");
  });

  it("keeps every version through delete and recover", async () => {
    const name = track(uniqueName("js-del-vers"));
    const v1 = (await client.setSecret(name, "one")).properties.version;
    const v2 = (await client.setSecret(name, "two")).properties.version;
    await (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone();
    await (await client.beginRecoverDeletedSecret(name, fastPoll)).pollUntilDone();
    assert.equal((await client.getSecret(name, { version: v1 })).value, "one");
    assert.equal((await client.getSecret(name)).properties.version, v2);
    const versions = (await collect(client.listPropertiesOfSecretVersions(name))).map((p) => p.version);
    assert.deepEqual(versions.sort(), [v1, v2].sort());
  });

  it("purges a deleted secret, freeing its name", async () => {
    const name = track(uniqueName("js-purge"));
    await client.setSecret(name, "gone");
    await (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone();

    const result = await client.purgeDeletedSecret(name);
    assert.equal(result, undefined);

    await assertRestError(client.getDeletedSecret(name), 404, "SecretNotFound");
    await assertRestError(client.getSecret(name), 404, "SecretNotFound");
    const listedDeleted = (await collect(client.listDeletedSecrets())).map((d) => d.name);
    assert.ok(!listedDeleted.includes(name), "a purged secret is still listed as deleted");

    const reborn = await client.setSecret(name, "new life");
    assert.equal(reborn.value, "new life");
    const versions = await collect(client.listPropertiesOfSecretVersions(name));
    assert.equal(versions.length, 1, "purge removed the old versions");
  });

  it("pages listDeletedSecrets", async () => {
    const prefix = uniqueName("js-dl");
    const names = Array.from({ length: 4 }, (_, i) => track(`${prefix}-${i}`));
    await inBatches(names, 4, (name) => client.setSecret(name, "v"));
    await inBatches(names, 4, async (name) => (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone());

    const seen = [];
    for await (const page of client.listDeletedSecrets().byPage({ maxPageSize: 3 })) {
      assert.ok(page.length <= 3, `a page of ${page.length} items, more than maxPageSize 3`);
      seen.push(...page.map((d) => d.name));
    }
    assert.equal(new Set(seen).size, seen.length, "no deleted secret is listed twice");
    assert.deepEqual(seen.filter((n) => n.startsWith(prefix)).sort(), [...names].sort());
  });

  it("404 SecretNotFound for delete, get-deleted, recover and purge of missing names", async () => {
    await assertRestError(client.beginDeleteSecret(uniqueName("js-nodel"), fastPoll), 404, "SecretNotFound");
    await assertRestError(client.getDeletedSecret(uniqueName("js-nodel")), 404, "SecretNotFound");
    await assertRestError(client.beginRecoverDeletedSecret(uniqueName("js-nodel"), fastPoll), 404, "SecretNotFound");
    await assertRestError(client.purgeDeletedSecret(uniqueName("js-nodel")), 404, "SecretNotFound");
  });

  it("schedules the purge recoverableDays after deletion", async () => {
    const name = track(uniqueName("js-del-days"));
    const set = await client.setSecret(name, "v");
    const deleted = await (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone();
    const days = (deleted.scheduledPurgeDate.getTime() - deleted.deletedOn.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - set.properties.recoverableDays) < 0.01, `purge ${days} days after deletion, retention ${set.properties.recoverableDays}`);
    assert.ok(Math.abs(deleted.deletedOn.getTime() - Date.now()) < 5 * 60_000, "deletedOn is about now");
  });

  it("404 for operations on the live name while it is deleted", async () => {
    const name = track(uniqueName("js-del-ops"));
    const set = await client.setSecret(name, "v");
    await (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone();
    await assertRestError(client.beginDeleteSecret(name, fastPoll), 404, "SecretNotFound");
    await assertRestError(client.getSecret(name, { version: set.properties.version }), 404, "SecretNotFound");
    await assertRestError(client.updateSecretProperties(name, set.properties.version, { enabled: false }), 404, "SecretNotFound");
    assert.deepEqual(await collect(client.listPropertiesOfSecretVersions(name)), []);
    const conflict = await assertRestError(client.setSecret(name, "again"), 409, "Conflict");
    assert.equal(innerCode(conflict), "ObjectIsDeletedButRecoverable");
  });

  it("deletes and recovers a disabled secret, which stays disabled", async () => {
    const name = track(uniqueName("js-del-off"));
    await client.setSecret(name, "v", { enabled: false });
    const deleted = await (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone();
    assert.equal(deleted.properties.enabled, false);
    const recovered = await (await client.beginRecoverDeletedSecret(name, fastPoll)).pollUntilDone();
    assert.equal(recovered.enabled, false);
    await assertRestError(client.getSecret(name), 403, "Forbidden");
  });

  it("404 when recovering a secret that is not deleted", async () => {
    const name = track(uniqueName("js-live-recover"));
    await client.setSecret(name, "alive");
    // The SDK's recover poller first GETs the secret and, finding it, never sends the recover:
    const recovered = await (await client.beginRecoverDeletedSecret(name, fastPoll)).pollUntilDone();
    assert.equal(recovered.name, name);
    // so ask the server itself.
    const { token } = await credential().getToken(vaultScope());
    const response = await rawRequest("POST", `${env.vaultUrl}/deletedsecrets/${name}/recover?api-version=2025-07-01`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 404, response.text);
    assert.equal(response.json?.error?.code, "SecretNotFound");
    assert.equal((await client.getSecret(name)).value, "alive");
  });

  it("refuses to purge a secret that is not deleted", async () => {
    const name = track(uniqueName("js-live-purge"));
    await client.setSecret(name, "alive");
    await assertRestError(client.purgeDeletedSecret(name), 404, "SecretNotFound");
    assert.equal((await client.getSecret(name)).value, "alive");
  });
});
