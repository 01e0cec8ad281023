// A second vault, created through Coffer's management API, reached through its own host name.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { assertRestError, credential, env, fastPoll, rawRequest, secretClient, uniqueName, vaultScope, vaultUrlOf } from "./helpers.mjs";

const managementUrl = `${env.authorityHost}/_coffer/vaults`;
const secondUrl = vaultUrlOf(env.secondVault);

async function adminHeaders() {
  const { token } = await credential().getToken(vaultScope());
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

describe("a second vault", { timeout: 60_000 }, () => {
  before(async () => {
    const response = await rawRequest("POST", managementUrl, {
      headers: await adminHeaders(),
      body: { name: env.secondVault, location: "westeurope" },
    });
    // 409 when a reused data directory already has it.
    assert.ok(
      response.status === 201 || (response.status === 409 && response.json?.error?.code === "VaultAlreadyExists"),
      `creating vault ${env.secondVault}: ${response.status} ${response.text}`,
    );
    if (response.status === 201) {
      assert.equal(response.json?.name, env.secondVault);
      assert.equal(response.json?.vaultUri?.replace(/\/+$/, ""), secondUrl);
    }
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
