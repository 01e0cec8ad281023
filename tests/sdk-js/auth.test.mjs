// Authentication: Coffer's token endpoint through @azure/identity, and the bearer challenge
// that the SecretClient answers (with challenge-resource verification left on).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { randomUUID } from "node:crypto";
import { AuthenticationError, AuthenticationRequiredError } from "@azure/identity";
import { assertRestError, credential, env, rawRequest, secretClient, uniqueName, vaultScope } from "./helpers.mjs";

/** Awaits a promise that must reject because authentication failed (not a vault error). */
async function assertAuthFails(promise) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, "expected an authentication failure, but the call succeeded");
  assert.notEqual(error.name, "RestError", `the vault answered instead of the token endpoint refusing: ${error.message}`);
  return error;
}

/**
 * What @azure/identity 4.14.1 throws when the token endpoint refuses the client: msal-node reports
 * the OAuth error as a ServerError, which identity wraps in an AuthenticationRequiredError (its
 * `cause` keeps msal's errorCode); the same happens against Entra ID.
 */
function assertOAuthRefusal(error, oauthCode) {
  assert.ok(
    error instanceof AuthenticationRequiredError || error instanceof AuthenticationError,
    `expected an authentication error, got ${error.name}: ${error.message}`,
  );
  const code = error.cause?.errorCode ?? error.errorResponse?.error;
  assert.equal(code, oauthCode, `OAuth error code of: ${error.message}`);
}

describe("ClientSecretCredential against Coffer", { timeout: 60_000 }, () => {
  it("gets a token for the vault scope", async () => {
    const token = await credential().getToken(vaultScope());
    assert.ok(token, "a token");
    assert.equal(typeof token.token, "string");
    assert.equal(token.token.split(".").length, 3, "the access token is a JWT");
    assert.ok(token.expiresOnTimestamp > Date.now() + 60_000, "the token is valid for more than a minute");
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1], "base64url").toString("utf8"));
    assert.ok(JSON.stringify(claims).includes(env.tenantId), "the token names the tenant");
  });

  it("fails with invalid_client for a wrong client secret", async () => {
    const wrong = credential({ clientSecret: `wrong-${randomUUID()}` });
    const error = await assertAuthFails(wrong.getToken(vaultScope()));
    assertOAuthRefusal(error, "invalid_client");
    assert.match(error.message, /AADSTS7000215/, "Entra's error number for a wrong secret");
  });

  it("makes SecretClient calls fail with an authentication error for a wrong client secret", async () => {
    const client = secretClient(env.vaultUrl, credential({ clientSecret: `wrong-${randomUUID()}` }));
    const error = await assertAuthFails(client.getSecret(uniqueName("js-auth")));
    assertOAuthRefusal(error, "invalid_client");
  });

  it("fails for an unknown client id", async () => {
    const error = await assertAuthFails(credential({ clientId: randomUUID() }).getToken(vaultScope()));
    assertOAuthRefusal(error, "unauthorized_client");
    assert.match(error.message, /AADSTS700016/, "Entra's error number for an unknown application");
  });

  it("fails for a tenant that does not exist", async () => {
    const error = await assertAuthFails(credential({ tenantId: randomUUID() }).getToken(vaultScope()));
    assert.ok(
      error instanceof AuthenticationRequiredError || error instanceof AuthenticationError,
      `expected an authentication error, got ${error.name}: ${error.message}`,
    );
  });

  it("lets a credential of another tenant be refused by the SDK, since the challenge names the vault's tenant", async () => {
    const client = secretClient(env.vaultUrl, credential({ tenantId: randomUUID() }));
    const error = await assertAuthFails(client.getSecret(uniqueName("js-auth")));
    assert.equal(error.name, "CredentialUnavailableError", error.message);
    assert.ok(error.message.includes(env.tenantId), `the refused tenant is the vault's: ${error.message}`);
  });
});

describe("bearer challenge", { timeout: 60_000 }, () => {
  it("answers an unauthenticated request with 401 and a usable challenge", async () => {
    const response = await rawRequest("GET", `${env.vaultUrl}/secrets/${uniqueName("js-chal")}?api-version=2025-07-01`);
    assert.equal(response.status, 401);
    const challenge = response.headers["www-authenticate"];
    assert.ok(challenge, "a WWW-Authenticate header");
    assert.match(challenge, /^Bearer /);
    const authorization = /authorization(?:_uri)?="([^"]+)"/.exec(challenge)?.[1];
    assert.ok(authorization, `an authorization parameter in: ${challenge}`);
    assert.equal(new URL(authorization).pathname.split("/")[1], env.tenantId, "the challenge names the vault's tenant");
    const resource = /(?:resource|scope)="([^"]+)"/.exec(challenge)?.[1];
    assert.ok(resource, `a resource or scope parameter in: ${challenge}`);
    const resourceHost = new URL(resource).hostname;
    assert.ok(
      new URL(env.vaultUrl).hostname.endsWith(`.${resourceHost}`),
      `the vault host must end with .${resourceHost} for the SDK's challenge-resource verification`,
    );
    assert.equal(new URL(resource).port, new URL(env.vaultUrl).port, "the resource carries the vault URL's port (the Python SDK compares it)");
    assert.equal(response.json?.error?.code, "Unauthorized");
  });

  it("rejects a malformed bearer token with 401", async () => {
    const response = await rawRequest("GET", `${env.vaultUrl}/secrets/${uniqueName("js-chal")}?api-version=2025-07-01`, {
      headers: { authorization: "Bearer not-a-token" },
    });
    assert.equal(response.status, 401);
  });

  it("accepts a token from the credential on a raw request", async () => {
    const { token } = await credential().getToken(vaultScope());
    const response = await rawRequest("GET", `${env.vaultUrl}/secrets/${uniqueName("js-chal")}?api-version=2025-07-01`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 404);
    assert.equal(response.json?.error?.code, "SecretNotFound");
  });

  it("issues a token for the resource with the vault URL's port, and accepts it as it accepts the port-less one", async () => {
    const withPort = vaultScope().replace("/.default", `:${new URL(env.vaultUrl).port}/.default`);
    for (const scope of [withPort, vaultScope()]) {
      const { token } = await credential().getToken(scope);
      const response = await rawRequest("GET", `${env.vaultUrl}/secrets/${uniqueName("js-chal")}?api-version=2025-07-01`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 404, `a token for ${scope}: ${response.text}`);
      assert.equal(response.json?.error?.code, "SecretNotFound");
    }
  });

  it("lets a SecretClient with default challenge verification through", async () => {
    // A fresh client: its first request goes out without a token and must be challenged.
    const client = secretClient();
    await assertRestError(client.getSecret(uniqueName("js-chal")), 404, "SecretNotFound");
  });
});
