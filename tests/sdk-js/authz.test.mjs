// Per-vault authorization through @azure/keyvault-keys: a client with only keys/backup and keys/restore
// (access policies), and one with the Key Vault Crypto User role (RBAC), get exactly those operations; the
// rest is 403 Forbidden with Azure's inner codes.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  assertRestError,
  collect,
  credential,
  env,
  innerCode,
  keyClient,
  rawRequest,
  uniqueName,
  vaultScope,
  vaultUrlOf,
} from "./helpers.mjs";

const management = `${env.authorityHost}/_coffer`;
const defaultVault = new URL(env.vaultUrl).hostname.split(".")[0];
const rbacVault = process.env.COFFER_JS_RBAC_VAULT || "jsrbac";

async function manage(method, path, body) {
  const { token } = await credential().getToken(vaultScope());
  const response = await rawRequest(method, `${management}${path}`, {
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
  });
  return response;
}

async function newClient(name) {
  const response = await manage("POST", "/clients", { name });
  assert.equal(response.status, 201, response.text);
  assert.ok(response.json.secret, "the secret is answered once, at creation");
  return { ...response.json, credential: credential({ clientId: response.json.clientId, clientSecret: response.json.secret }) };
}

describe("access policies: a client with only keys backup and restore", { timeout: 120_000 }, () => {
  let bot;
  let admin;
  let botKeys;

  before(async () => {
    bot = await newClient(uniqueName("js-backup-bot"));
    const policy = await manage("PUT", `/vaults/${defaultVault}/accessPolicies/add`, {
      properties: { accessPolicies: [{ objectId: bot.objectId, permissions: { keys: ["backup", "restore"] } }] },
    });
    assert.equal(policy.status, 200, policy.text);
    admin = keyClient();
    botKeys = keyClient(env.vaultUrl, bot.credential);
  });

  it("backs up and restores a key", async () => {
    const name = uniqueName("authz-key");
    await admin.createEcKey(name, { curve: "P-256" });

    const blob = await botKeys.backupKey(name);
    await (await admin.beginDeleteKey(name, { intervalInMs: 100 })).pollUntilDone();
    await admin.purgeDeletedKey(name);
    const restored = await botKeys.restoreKeyBackup(blob);

    assert.equal(restored.name, name);
    assert.equal((await admin.getKey(name)).id, restored.id);
  });

  it("gets 403 AccessDenied for every other key operation", async () => {
    const name = uniqueName("authz-key");
    await admin.createEcKey(name, { curve: "P-256" });

    const denied = [
      await assertRestError(botKeys.getKey(name), 403, "Forbidden"),
      await assertRestError(botKeys.createEcKey(uniqueName("authz-new"), { curve: "P-256" }), 403, "Forbidden"),
      await assertRestError(collect(botKeys.listPropertiesOfKeys()), 403, "Forbidden"),
      await assertRestError(botKeys.updateKeyProperties(name, { enabled: false }), 403, "Forbidden"),
      await assertRestError(botKeys.beginDeleteKey(name), 403, "Forbidden"),
      await assertRestError(botKeys.rotateKey(name), 403, "Forbidden"),
      await assertRestError(botKeys.getKeyRotationPolicy(name), 403, "Forbidden"),
    ];

    // The SDK's pager keeps only the status of a failed page (its message says "Pagination failed"), so
    // the listing's body is not checked here.
    for (const error of denied.filter((_, i) => i !== 2)) {
      assert.equal(innerCode(error), "AccessDenied", error.message);
      assert.match(error.message, new RegExp(`oid=${bot.objectId};`));
    }
    assert.match(denied[0].message, /does not have keys get permission on key vault/);
    assert.equal((await admin.getKey(name)).properties.enabled, true, "nothing was changed by the denied calls");
  });
});

describe("RBAC: a client with the Key Vault Crypto User role", { timeout: 120_000 }, () => {
  let bot;
  let admin;
  let botKeys;

  before(async () => {
    const created = await manage("POST", "/vaults", { name: rbacVault, enableRbacAuthorization: true });
    assert.ok(created.status === 201 || created.status === 409, created.text);
    const adminRole = await manage("PUT", `/vaults/${rbacVault}/roleAssignments/${crypto.randomUUID()}`,
      { roleDefinitionId: "Key Vault Administrator", principalId: env.clientId });
    assert.ok(adminRole.status === 201 || adminRole.status === 409, adminRole.text);
    bot = await newClient(uniqueName("js-crypto-bot"));
    const role = await manage("PUT", `/vaults/${rbacVault}/roleAssignments/${crypto.randomUUID()}`,
      { roleDefinitionId: "12338af0-0e69-4776-bea7-57ae8d297424", principalId: bot.objectId });
    assert.equal(role.status, 201, role.text);
    assert.equal(role.json.roleName, "Key Vault Crypto User");
    admin = keyClient(vaultUrlOf(rbacVault));
    botKeys = keyClient(vaultUrlOf(rbacVault), bot.credential);
  });

  it("reads, backs up and updates keys, but may not create, delete or restore them", async () => {
    const name = uniqueName("rbac-key");
    await admin.createEcKey(name, { curve: "P-256" });

    assert.equal((await botKeys.getKey(name)).name, name);
    const blob = await botKeys.backupKey(name);
    await botKeys.updateKeyProperties(name, { tags: { by: "crypto-user" } });
    const create = await assertRestError(botKeys.createEcKey(uniqueName("rbac-new"), { curve: "P-256" }), 403, "Forbidden");
    const remove = await assertRestError(botKeys.beginDeleteKey(name), 403, "Forbidden");
    const restore = await assertRestError(botKeys.restoreKeyBackup(blob), 403, "Forbidden");

    for (const error of [create, remove, restore]) {
      assert.equal(innerCode(error), "ForbiddenByRbac");
    }
    assert.match(restore.message, /Action: 'Microsoft\.KeyVault\/vaults\/keys\/restore\/action'/);
    assert.match(create.message, /Action: 'Microsoft\.KeyVault\/vaults\/keys\/create\/action'/);
  });
});
