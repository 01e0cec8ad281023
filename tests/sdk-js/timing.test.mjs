// The SDKs' own pollers against a server started with --azure-timing (COFFER_SERVE_ARGS, see scripts/test.sh):
// deletes, recovers and self-signed creates stay in progress for a few seconds, as Azure's do, and the pollers wait
// them out. Run on its own: the default run of run.sh leaves this file out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CertificateClient, DefaultCertificatePolicy } from "@azure/keyvault-certificates";
import { assertRestError, credential, env, fastPoll, keyClient, secretClient, uniqueName } from "./helpers.mjs";

const secrets = secretClient();
const keys = keyClient();
const certificates = new CertificateClient(env.vaultUrl, credential(), {
  retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
});

/** Deletes through the SDK's poller and waits until the delete has landed. */
async function deleted(begin, name) {
  const poller = await begin(name, fastPoll);
  await poller.pollUntilDone();
}

describe("--azure-timing: the SDKs' pollers see Azure's in-progress states", { timeout: 120_000 }, () => {
  it("beginDeleteSecret: not among the deleted until the delete lands", async () => {
    const name = uniqueName("jst-del");
    await secrets.setSecret(name, "v");

    const poller = await secrets.beginDeleteSecret(name, fastPoll);
    const doneAtOnce = poller.isDone();
    await assertRestError(secrets.getDeletedSecret(name), 404, "SecretNotFound");
    const result = await poller.pollUntilDone();

    assert.equal(doneAtOnce, false);
    assert.equal(result.name, name);
    assert.equal((await secrets.getDeletedSecret(name)).name, name);
  });

  it("beginRecoverDeletedSecret: the secret is not found until the recover lands, then holds its value", async () => {
    const name = uniqueName("jst-rec");
    await secrets.setSecret(name, "kept");
    await deleted((n, o) => secrets.beginDeleteSecret(n, o), name);

    const poller = await secrets.beginRecoverDeletedSecret(name, fastPoll);
    const doneAtOnce = poller.isDone();
    await assertRestError(secrets.getSecret(name), 404, "SecretNotFound");
    const result = await poller.pollUntilDone();

    assert.equal(doneAtOnce, false);
    assert.equal(result.name, name);
    assert.equal((await secrets.getSecret(name)).value, "kept");
    await assertRestError(secrets.getDeletedSecret(name), 404, "SecretNotFound");
  });

  it("beginRecoverDeletedKey, stopped and resumed from its state: completes with the key", async () => {
    const name = uniqueName("jst-key");
    const created = await keys.createRsaKey(name, { keySize: 2048 });
    await deleted((n, o) => keys.beginDeleteKey(n, o), name);

    const first = await keys.beginRecoverDeletedKey(name, fastPoll);
    first.stopPolling();
    const resumed = await keys.beginRecoverDeletedKey(name, { ...fastPoll, resumeFrom: first.toString() });
    await assertRestError(keys.getKey(name), 404, "KeyNotFound");
    const result = await resumed.pollUntilDone();

    assert.equal(first.isDone(), false);
    assert.equal(result.name, name);
    assert.deepEqual(Buffer.from((await keys.getKey(name)).key.n), Buffer.from(created.key.n));
  });

  it("beginRecoverDeletedCertificate: the certificate, its key and its secret come back together when it lands", async () => {
    const name = uniqueName("jst-cert");
    const create = await certificates.beginCreateCertificate(name, DefaultCertificatePolicy, fastPoll);
    const issued = await create.pollUntilDone();
    await deleted((n, o) => certificates.beginDeleteCertificate(n, o), name);

    const poller = await certificates.beginRecoverDeletedCertificate(name, fastPoll);
    const doneAtOnce = poller.isDone();
    await assertRestError(certificates.getCertificate(name), 404, "CertificateNotFound");
    await assertRestError(secrets.getSecret(name), 404, "SecretNotFound");
    const result = await poller.pollUntilDone();

    assert.equal(doneAtOnce, false);
    assert.equal(result.properties.version, issued.properties.version);
    assert.equal((await keys.getKey(name)).properties.version, issued.properties.version);
    assert.equal((await secrets.getSecret(name)).properties.version, issued.properties.version);
  });

  it("beginCreateCertificate with the Self issuer: inProgress, then the issued certificate", async () => {
    const name = uniqueName("jst-self");

    const poller = await certificates.beginCreateCertificate(name, DefaultCertificatePolicy, fastPoll);
    // The poller's state, as certificates.test.mjs reads it (getOperationState() leaves the operation out).
    const first = poller.operation.state.certificateOperation?.status;
    const result = await poller.pollUntilDone();

    assert.equal(first, "inProgress");
    assert.equal(poller.operation.state.certificateOperation?.status, "completed");
    assert.ok(result.cer?.length > 0);
    assert.equal((await certificates.getCertificate(name)).properties.version, result.properties.version);
  });
});
