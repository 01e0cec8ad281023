// Shared setup for the Coffer JavaScript SDK tests: connection settings from the environment
// (set by run.sh from the server's banner), credentials, clients and assertion helpers.
import assert from "node:assert/strict";
import { createPublicKey, randomBytes } from "node:crypto";
import https from "node:https";
import { after } from "node:test";
import { ClientSecretCredential } from "@azure/identity";
import { CryptographyClient, KeyClient } from "@azure/keyvault-keys";
import { SecretClient } from "@azure/keyvault-secrets";

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through tests/sdk-js/run.sh`);
  }
  return value;
}

export const env = {
  vaultUrl: required("AZURE_KEYVAULT_URL").replace(/\/+$/, ""),
  tenantId: required("AZURE_TENANT_ID"),
  clientId: required("AZURE_CLIENT_ID"),
  clientSecret: required("AZURE_CLIENT_SECRET"),
  authorityHost: required("AZURE_AUTHORITY_HOST").replace(/\/+$/, ""),
  secondVault: process.env.COFFER_JS_SECOND_VAULT || "jsv2",
  protectedVault: process.env.COFFER_JS_PROTECTED_VAULT || "jsprot",
};

/** The scope every vault's tokens are issued for: https://vault.localhost/.default */
export function vaultScope() {
  const host = new URL(env.vaultUrl).hostname;
  return `https://${host.slice(host.indexOf(".") + 1)}/.default`;
}

/** The URL of another vault of the same deployment: https://{name}.vault.localhost:{port} */
export function vaultUrlOf(name) {
  const url = new URL(env.vaultUrl);
  const suffix = url.hostname.slice(url.hostname.indexOf(".") + 1);
  return `${url.protocol}//${name}.${suffix}${url.port ? `:${url.port}` : ""}`;
}

export function credential(overrides = {}) {
  return new ClientSecretCredential(
    overrides.tenantId ?? env.tenantId,
    overrides.clientId ?? env.clientId,
    overrides.clientSecret ?? env.clientSecret,
    { authorityHost: env.authorityHost, disableInstanceDiscovery: true, ...(overrides.options ?? {}) },
  );
}

/** A SecretClient with SDK defaults (challenge-resource verification on); retries kept short. */
export function secretClient(vaultUrl = env.vaultUrl, cred = credential()) {
  return new SecretClient(vaultUrl, cred, {
    retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
  });
}

const shortRetries = { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 };

/** A KeyClient with SDK defaults (challenge-resource verification on); retries kept short. */
export function keyClient(vaultUrl = env.vaultUrl, cred = credential(), options = {}) {
  return new KeyClient(vaultUrl, cred, { retryOptions: shortRetries, ...options });
}

/**
 * Records every request a client's pipeline sends, with the status of the response the client got
 * (after the authentication challenge): pass `recorder.policy` in `additionalPolicies`.
 */
export function requestRecorder() {
  const requests = [];
  return {
    requests,
    policy: {
      position: "perCall",
      policy: {
        name: "cofferRequestRecorder",
        async sendRequest(request, next) {
          const response = await next(request);
          requests.push({ method: request.method, url: request.url, path: new URL(request.url).pathname, status: response.status });
          return response;
        },
      },
    },
    /** The requests whose path ends with `/${operation}` (sign, encrypt, ...) or whose method is given. */
    posts(operation) {
      return requests.filter((r) => r.method === "POST" && r.path.endsWith(`/${operation}`));
    },
    clear() {
      requests.length = 0;
    },
  };
}

/**
 * A CryptographyClient for a KeyVaultKey or a key id, with its requests recorded.
 * `remoteOnly: true` puts it in the mode the SDK itself falls back to when reading the key is
 * forbidden (fetchKey answered 403): no local public-key shortcuts, no local key_ops/nbf/exp
 * checks, every operation is sent to the service.
 */
export function cryptoClient(keyOrId, { remoteOnly = false, cred = credential(), options = {} } = {}) {
  const recorder = requestRecorder();
  const client = new CryptographyClient(keyOrId, cred, {
    retryOptions: shortRetries,
    additionalPolicies: [recorder.policy],
    ...options,
  });
  if (remoteOnly) {
    const id = typeof keyOrId === "string" ? keyOrId : keyOrId.id;
    // Private state of the SDK: the same value its fetchKey() sets after a 403 on GET key.
    client.key = { kind: "remoteOnlyIdentifier", value: id };
  }
  return { client, recorder };
}

/** Key Vault's curve names as node:crypto knows them. */
const NODE_CURVES = { "P-256": "P-256", "P-384": "P-384", "P-521": "P-521", "P-256K": "secp256k1" };
const VAULT_CURVES = { "P-256": "P-256", "P-384": "P-384", "P-521": "P-521", secp256k1: "P-256K" };

/** A node:crypto public KeyObject from the JsonWebKey the SDK returns (Uint8Array parts). */
export function publicKeyFromJwk(jwk) {
  const b64 = (bytes) => Buffer.from(bytes).toString("base64url");
  if (/^RSA/.test(jwk.kty)) {
    return createPublicKey({ key: { kty: "RSA", n: b64(jwk.n), e: b64(jwk.e) }, format: "jwk" });
  }
  if (/^EC/.test(jwk.kty)) {
    return createPublicKey({ key: { kty: "EC", crv: NODE_CURVES[jwk.crv], x: b64(jwk.x), y: b64(jwk.y) }, format: "jwk" });
  }
  throw new Error(`no public key for kty ${jwk.kty}`);
}

/** The SDK's JsonWebKey (Uint8Array parts, Key Vault curve names) for a JWK exported by node:crypto. */
export function sdkJwkFromNode(nodeJwk) {
  const jwk = { kty: nodeJwk.kty };
  for (const part of ["n", "e", "d", "dp", "dq", "qi", "p", "q", "k", "x", "y"]) {
    if (nodeJwk[part] !== undefined) {
      jwk[part] = new Uint8Array(Buffer.from(nodeJwk[part], "base64url"));
    }
  }
  if (nodeJwk.crv) {
    jwk.crv = VAULT_CURVES[nodeJwk.crv];
  }
  return jwk;
}

/** Asserts that a key the service returned carries no private parts. */
export function assertNoPrivateParts(jwk, message = "key") {
  for (const part of ["d", "dp", "dq", "qi", "p", "q", "k", "t"]) {
    assert.equal(jwk?.[part], undefined, `${message} carries the private part '${part}'`);
  }
}

/** A name unique to this run: prefix-<12 hex>. */
export function uniqueName(prefix) {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

/** Poller options that do not wait the SDK's default 2 s between polls. */
export const fastPoll = { intervalInMs: 100 };

/** Awaits a promise that must reject with a RestError of the given status (and error code). */
export async function assertRestError(promise, status, code) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected a ${status}${code ? ` ${code}` : ""} error, but the call succeeded`);
  assert.equal(error.name, "RestError", `expected a RestError, got ${error.name}: ${error.message}`);
  assert.equal(error.statusCode, status, `status of: ${error.message}`);
  if (code !== undefined) {
    assert.equal(error.code, code, `error code of: ${error.message}`);
  }
  return error;
}

/** The inner error code of a RestError (the SDK deserializes `innererror` as `innerError`). */
export function innerCode(error) {
  const body = error.details?.error;
  return body?.innerError?.code ?? body?.innererror?.code;
}

/** Runs fn over items with at most `limit` calls in flight. */
export async function inBatches(items, limit, fn) {
  const results = [];
  for (let i = 0; i < items.length; i += limit) {
    results.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  }
  return results;
}

/**
 * A `track(name)` for a test file's keys: every name it is given is deleted and purged after the file's tests
 * (best effort: a key already gone is skipped).
 */
export function purgeKeysAfterAll(client) {
  const created = new Set();
  after(async () => {
    await inBatches([...created], 5, async (name) => {
      try {
        await (await client.beginDeleteKey(name, fastPoll)).pollUntilDone();
        await client.purgeDeletedKey(name);
      } catch {
        // Already deleted, purged or never created: nothing to tidy.
      }
    });
  });
  return (name) => {
    created.add(name);
    return name;
  };
}

/** Collects every item of a paged iterable. */
export async function collect(iterable) {
  const items = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
}

/** A raw HTTPS request (trusting NODE_EXTRA_CA_CERTS like the SDK): { status, headers, body }. */
export function rawRequest(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, headers }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode, headers: response.headers, text, json });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.setTimeout(30_000, () => request.destroy(new Error(`timeout: ${method} ${url}`)));
    if (body !== undefined) {
      request.write(typeof body === "string" ? body : JSON.stringify(body));
    }
    request.end();
  });
}

/** Dates on the wire are whole seconds: compare at that precision. */
export function assertSameSecond(actual, expected, message) {
  assert.ok(actual instanceof Date, `${message ?? "value"} is not a Date: ${actual}`);
  assert.equal(Math.floor(actual.getTime() / 1000), Math.floor(expected.getTime() / 1000), message);
}

/** A date in whole seconds, some seconds from now. */
export function secondsFromNow(seconds) {
  return new Date((Math.floor(Date.now() / 1000) + seconds) * 1000);
}
