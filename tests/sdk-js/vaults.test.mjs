// A second vault, created through Coffer's management API, reached through its own host name.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  assertRestError,
  credential,
  env,
  fastPoll,
  innerCode,
  rawRequest,
  secretClient,
  uniqueName,
  vaultScope,
  vaultUrlOf,
} from "./helpers.mjs";

const managementUrl = `${env.authorityHost}/_coffer/vaults`;
const secondUrl = vaultUrlOf(env.secondVault);

async function adminHeaders() {
  const { token } = await credential().getToken(vaultScope());
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

/** Creates a vault through the management API; a reused data directory may already have it (409). */
async function createVault(body) {
  const response = await rawRequest("POST", managementUrl, { headers: await adminHeaders(), body });
  assert.ok(
    response.status === 201 || (response.status === 409 && response.json?.error?.code === "VaultAlreadyExists"),
    `creating vault ${body.name}: ${response.status} ${response.text}`,
  );
  if (response.status === 201) {
    assert.equal(response.json?.name, body.name);
    assert.equal(response.json?.vaultUri?.replace(/\/+$/, ""), vaultUrlOf(body.name));
  }
  return response;
}

describe("a second vault", { timeout: 60_000 }, () => {
  before(async () => {
    await createVault({ name: env.secondVault, location: "westeurope" });
  });

  it("is listed and shown by the management API", async () => {
    const headers = await adminHeaders();
    const list = await rawRequest("GET", managementUrl, { headers });
    assert.equal(list.status, 200);
    const names = (list.json?.value ?? []).map((v) => v.name);
    assert.ok(names.includes(env.secondVault), `vault list: ${names.join(", ")}`);
    assert.ok(names.includes(new URL(env.vaultUrl).hostname.split(".")[0]), "the default vault is listed");

    const shown = await rawRequest("GET", `${managementUrl}/${env.secondVault}`, { headers });
    assert.equal(shown.status, 200);
    assert.equal(shown.json?.location, "westeurope");
  });

  it("refuses the management API without a token", async () => {
    const response = await rawRequest("GET", managementUrl);
    assert.equal(response.status, 401);
  });

  it("serves secrets through its own host, isolated from the default vault", async () => {
    const second = secretClient(secondUrl);
    const first = secretClient();
    const name = uniqueName("js-v2");

    const set = await second.setSecret(name, "in the second vault");
    assert.equal(set.properties.vaultUrl, secondUrl);
    assert.equal(set.properties.id, `${secondUrl}/secrets/${name}/${set.properties.version}`);
    assert.equal((await second.getSecret(name)).value, "in the second vault");

    await assertRestError(first.getSecret(name), 404, "SecretNotFound");

    await first.setSecret(name, "in the default vault");
    assert.equal((await second.getSecret(name)).value, "in the second vault");
    assert.equal((await first.getSecret(name)).value, "in the default vault");

    const listed = [];
    for await (const p of second.listPropertiesOfSecrets()) listed.push(p);
    assert.ok(listed.every((p) => p.vaultUrl === secondUrl), "the second vault lists only its own secrets");
    assert.ok(listed.some((p) => p.name === name));

    for (const client of [first, second]) {
      await (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone();
      await client.purgeDeletedSecret(name);
    }
  });

  it("answers 404 for a vault host that does not exist", async () => {
    const { token } = await credential().getToken(vaultScope());
    // Ask the server directly with the Host of a vault that was never created (no DNS needed).
    const url = new URL(env.vaultUrl);
    const missing = uniqueName("nov").replace("-", "");
    const response = await rawRequest("GET", `${env.vaultUrl}/secrets?api-version=2025-07-01`, {
      headers: {
        authorization: `Bearer ${token}`,
        host: `${missing}.${url.hostname.slice(url.hostname.indexOf(".") + 1)}:${url.port}`,
      },
    });
    assert.equal(response.status, 404, response.text);
  });
});

describe("a vault with purge protection and 7-day retention", { timeout: 60_000 }, () => {
  const url = vaultUrlOf(env.protectedVault);
  const client = secretClient(url);

  before(async () => {
    await createVault({ name: env.protectedVault, softDeleteRetentionInDays: 7, enablePurgeProtection: true });
  });

  it("reports CustomizedRecoverable with 7 recoverable days", async () => {
    const set = await client.setSecret(uniqueName("js-prot"), "v");
    assert.equal(set.properties.vaultUrl, url);
    assert.equal(set.properties.recoveryLevel, "CustomizedRecoverable");
    assert.equal(set.properties.recoverableDays, 7);
  });

  it("schedules the purge 7 days out, refuses purge with 403, and still recovers", async () => {
    const name = uniqueName("js-prot");
    await client.setSecret(name, "protected");
    const deleted = await (await client.beginDeleteSecret(name, fastPoll)).pollUntilDone();
    const days = (deleted.scheduledPurgeDate.getTime() - deleted.deletedOn.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - 7) < 0.01, `purge scheduled ${days} days after deletion`);

    const error = await assertRestError(client.purgeDeletedSecret(name), 403, "Forbidden");
    assert.equal(innerCode(error), "PurgeProtectionEnabled");
    assert.equal((await client.getDeletedSecret(name)).name, name, "the refused purge left it deleted");

    await (await client.beginRecoverDeletedSecret(name, fastPoll)).pollUntilDone();
    assert.equal((await client.getSecret(name)).value, "protected");
  });
});
