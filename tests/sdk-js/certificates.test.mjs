// The Certificates API of Coffer, driven by the official @azure/keyvault-certificates CertificateClient
// (the linked key and secret are read through KeyClient and SecretClient). Certificates to import
// and the CA that signs merged requests are made with the openssl CLI in a temporary directory.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, randomBytes, verify as nodeVerify, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CertificateClient, DefaultCertificatePolicy, parseKeyVaultCertificateIdentifier } from "@azure/keyvault-certificates";
import { CryptographyClient } from "@azure/keyvault-keys";
import {
  assertRestError,
  assertSameSecond,
  collect,
  credential,
  env,
  fastPoll,
  inBatches,
  innerCode,
  keyClient,
  publicKeyFromJwk,
  rawRequest,
  secretClient,
  uniqueName,
  vaultScope,
} from "./helpers.mjs";

const VERSION = /^[0-9a-f]{32}$/;
const PKCS12 = "application/x-pkcs12";
const PEM = "application/x-pem-file";
const shortRetries = { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 };

/** A CertificateClient with SDK defaults (challenge-resource verification on); retries kept short. */
function certificateClient(options = {}) {
  return new CertificateClient(env.vaultUrl, credential(), { retryOptions: shortRetries, ...options });
}

const client = certificateClient();
const secrets = secretClient();
const keys = keyClient();
// Every name this file creates, so that `after` can tidy the vault (best effort).
const created = new Set();
// openssl's working directory for this run.
const work = mkdtempSync(join(tmpdir(), "coffer-js-certs-"));

function track(name) {
  created.add(name);
  return name;
}

after(async () => {
  await inBatches([...created], 5, async (name) => {
    try {
      await client.deleteCertificateOperation(name);
    } catch {
      // No pending operation.
    }
    try {
      await (await client.beginDeleteCertificate(name, fastPoll)).pollUntilDone();
    } catch {
      // Already deleted, or never completed.
    }
    try {
      await client.purgeDeletedCertificate(name);
    } catch {
      // Already purged or never created.
    }
  });
  rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// openssl, PEM and X.509 helpers

function openssl(args) {
  try {
    return execFileSync("openssl", args, { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`openssl ${args.join(" ")} failed: ${e.stderr?.toString() ?? e.message}`);
  }
}

const inWork = (file) => join(work, file);
const tempName = (ext) => `${randomBytes(6).toString("hex")}.${ext}`;

/** Writes bytes to a new file in openssl's working directory; returns its name. */
function writeTemp(bytes, ext) {
  const file = tempName(ext);
  writeFileSync(inWork(file), Buffer.from(bytes));
  return file;
}

/** Every PEM block with the given label ("CERTIFICATE") or any private key label (when label is null). */
function pemBlocks(text, label) {
  const wanted = label ?? "(?:RSA |EC |ENCRYPTED )?PRIVATE KEY";
  return text.match(new RegExp(`-----BEGIN ${wanted}-----[\\s\\S]*?-----END ${wanted}-----`, "g")) ?? [];
}

function toPem(der, label) {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g).join("\n");
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
}

let caCache;
/** A CA certificate and key made once per run: { pem, der, x509, keyFile, certFile }. */
function testCa() {
  if (!caCache) {
    openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
      "-subj", "/CN=Coffer JS Test CA/O=Coffer", "-days", "30"]);
    const pem = readFileSync(inWork("ca.pem"), "utf8");
    const x509 = new X509Certificate(pem);
    caCache = { pem, der: x509.raw, x509, keyFile: "ca.key", certFile: "ca.pem" };
  }
  return caCache;
}

/** Signs a DER certificate request with the test CA, keeping its extensions: { pem, der, x509 }. */
function signCsr(csrDer, days = 60) {
  const csrFile = tempName("csr");
  const crtFile = tempName("crt");
  writeFileSync(inWork(csrFile), toPem(csrDer, "CERTIFICATE REQUEST"));
  const ca = testCa();
  openssl(["x509", "-req", "-in", csrFile, "-CA", ca.certFile, "-CAkey", ca.keyFile, "-CAcreateserial",
    "-days", String(days), "-copy_extensions", "copy", "-out", crtFile]);
  const pem = readFileSync(inWork(crtFile), "utf8");
  const x509 = new X509Certificate(pem);
  return { pem, der: x509.raw, x509 };
}

/**
 * A certificate with its key made by openssl: self-signed, or signed by the test CA (`signedByCa`).
 * `newkey` is openssl's -newkey argument list. Returns { keyPem, certPem, der, x509, fullPem, pfx(password, withChain) }.
 */
function makeCertificate({ cn, dnsNames = [], newkey = ["-newkey", "rsa:2048"], signedByCa = false, days = 90 }) {
  const base = randomBytes(6).toString("hex");
  const subject = ["-subj", `/CN=${cn}`];
  const san = dnsNames.length ? ["-addext", `subjectAltName=${dnsNames.map((d) => `DNS:${d}`).join(",")}`] : [];
  if (signedByCa) {
    openssl(["req", "-new", ...newkey, "-nodes", "-keyout", `${base}.key`, "-out", `${base}.csr`, ...subject, ...san]);
    const ca = testCa();
    openssl(["x509", "-req", "-in", `${base}.csr`, "-CA", ca.certFile, "-CAkey", ca.keyFile, "-CAcreateserial",
      "-days", String(days), "-copy_extensions", "copy", "-out", `${base}.pem`]);
  } else {
    openssl(["req", "-x509", ...newkey, "-nodes", "-keyout", `${base}.key`, "-out", `${base}.pem`, "-days", String(days), ...subject, ...san]);
  }
  const keyPem = readFileSync(inWork(`${base}.key`), "utf8");
  const certPem = readFileSync(inWork(`${base}.pem`), "utf8");
  const x509 = new X509Certificate(certPem);
  return {
    keyPem,
    certPem,
    der: x509.raw,
    x509,
    fullPem: keyPem + certPem + (signedByCa ? testCa().pem : ""),
    pfx(password, withChain = signedByCa) {
      const out = `${base}-${randomBytes(3).toString("hex")}.pfx`;
      openssl(["pkcs12", "-export", "-in", `${base}.pem`, "-inkey", `${base}.key`, ...(withChain ? ["-certfile", testCa().certFile] : []),
        "-out", out, "-passout", `pass:${password}`]);
      return readFileSync(inWork(out));
    },
  };
}

/** The private keys and certificates of a PKCS#12 blob, read by openssl. */
function readPfx(bytes, password = "") {
  const file = tempName("pfx");
  writeFileSync(inWork(file), bytes);
  const text = openssl(["pkcs12", "-in", file, "-nodes", "-passin", `pass:${password}`]).toString("utf8");
  return { keys: pemBlocks(text, null).map((p) => createPrivateKey(p)), certs: pemBlocks(text, "CERTIFICATE").map((p) => new X509Certificate(p)) };
}

/** The private keys and certificates of a certificate's secret, PEM or base64 PKCS#12 by its content type. */
function secretMaterial(secret) {
  if (secret.properties.contentType === PEM) {
    return {
      keys: pemBlocks(secret.value, null).map((p) => createPrivateKey(p)),
      certs: pemBlocks(secret.value, "CERTIFICATE").map((p) => new X509Certificate(p)),
    };
  }
  assert.equal(secret.properties.contentType, PKCS12, "a certificate's secret is PEM or PKCS#12");
  assert.match(secret.value, /^[A-Za-z0-9+/]+={0,2}$/, "a PKCS#12 secret is base64");
  const bytes = Buffer.from(secret.value, "base64");
  assert.equal(bytes[0], 0x30, "the PKCS#12 secret decodes to a DER SEQUENCE (a PFX)");
  return readPfx(bytes);
}

const spki = (publicKey) => publicKey.export({ type: "spki", format: "der" });

/** Asserts that a certificate's secret holds the private key of `x509` and `x509` itself first. */
function assertSecretHoldsKeyOf(secret, x509, { chain = [] } = {}) {
  const material = secretMaterial(secret);
  assert.equal(material.keys.length, 1, `one private key in the secret, found ${material.keys.length}`);
  assert.ok(x509.checkPrivateKey(material.keys[0]), "the secret's private key belongs to the certificate");
  assert.deepEqual(spki(createPublicKey(material.keys[0])), spki(x509.publicKey));
  assert.ok(material.certs.length >= 1, "the secret holds the certificate");
  assert.ok(material.certs.some((c) => c.raw.equals(x509.raw)), "the secret holds this certificate");
  for (const extra of chain) {
    assert.ok(material.certs.some((c) => c.raw.equals(extra.raw)), `the secret holds the chain certificate ${extra.subject}`);
  }
  return material;
}

/** Months between two dates, as X.509 validity is counted (with a few days' slack). */
function assertValidityMonths(x509, months) {
  const from = new Date(x509.validFrom);
  const to = new Date(x509.validTo);
  const expected = new Date(from);
  expected.setUTCMonth(expected.getUTCMonth() + months);
  const slackDays = Math.abs(to.getTime() - expected.getTime()) / 86_400_000;
  assert.ok(slackDays < 3, `validity ${x509.validFrom} - ${x509.validTo} is not ${months} months (off by ${slackDays.toFixed(1)} days)`);
}

/**
 * What every certificate bundle the service returns must look like; returns its X509Certificate.
 * Certificate attributes mirror the X.509 validity (nbf/exp), and the key and secret ids share the version.
 */
function assertCertificate(cert, name) {
  assert.equal(cert.name, name);
  const version = cert.properties.version;
  assert.match(version ?? "", VERSION);
  assert.equal(cert.properties.id, `${env.vaultUrl}/certificates/${name}/${version}`);
  assert.equal(cert.properties.name, name);
  assert.equal(cert.properties.vaultUrl, env.vaultUrl);
  assert.equal(cert.keyId, `${env.vaultUrl}/keys/${name}/${version}`, "kid is the linked key's versioned id");
  assert.equal(cert.secretId, `${env.vaultUrl}/secrets/${name}/${version}`, "sid is the linked secret's versioned id");
  assert.ok(cert.cer instanceof Uint8Array && cert.cer.length > 0, "cer is present");
  const x509 = new X509Certificate(Buffer.from(cert.cer));
  const sha1 = createHash("sha1").update(Buffer.from(cert.cer)).digest();
  assert.deepEqual(Buffer.from(cert.properties.x509Thumbprint ?? []), sha1, "x5t is the SHA-1 of cer");
  assert.equal(cert.properties.x509ThumbprintString, sha1.toString("hex"));
  assertSameSecond(cert.properties.notBefore, new Date(x509.validFrom), "notBefore mirrors the certificate's notBefore");
  assertSameSecond(cert.properties.expiresOn, new Date(x509.validTo), "expiresOn mirrors the certificate's notAfter");
  assert.ok(cert.properties.createdOn instanceof Date, "createdOn is a Date");
  assert.ok(cert.properties.updatedOn instanceof Date, "updatedOn is a Date");
  assert.ok(Math.abs(cert.properties.createdOn.getTime() - Date.now()) < 5 * 60_000, "createdOn is about now");
  assert.match(cert.properties.recoveryLevel ?? "", /Recoverable/);
  assert.ok(
    Number.isInteger(cert.properties.recoverableDays) && cert.properties.recoverableDays >= 7 && cert.properties.recoverableDays <= 90,
    `recoverableDays ${cert.properties.recoverableDays} is the vault's retention (7-90 days)`,
  );
  return x509;
}

/** Asserts that the linked key (KeyClient) has the certificate's version and public key, and is managed. */
async function assertLinkedKey(cert, x509) {
  const key = await keys.getKey(cert.name, { version: cert.properties.version });
  assert.equal(key.id, cert.keyId);
  assert.equal(key.properties.managed, true, "a certificate's key is managed");
  assert.deepEqual(spki(publicKeyFromJwk(key.key)), spki(x509.publicKey), "the key's public part is the certificate's");
  for (const part of ["d", "p", "q", "dp", "dq", "qi"]) {
    assert.equal(key.key[part], undefined, `the linked key leaks '${part}'`);
  }
  return key;
}

/** The linked secret (SecretClient) of a certificate version, with its basic shape checked. */
async function linkedSecret(cert, contentType) {
  const secret = await secrets.getSecret(cert.name, { version: cert.properties.version });
  assert.equal(secret.properties.id, cert.secretId);
  assert.equal(secret.properties.managed, true, "a certificate's secret is managed");
  assert.equal(secret.properties.certificateKeyId, cert.keyId, "a certificate's secret names its key (kid)");
  if (contentType) {
    assert.equal(secret.properties.contentType, contentType);
  }
  return secret;
}

async function bearer() {
  const { token } = await credential().getToken(vaultScope());
  return { authorization: `Bearer ${token}` };
}

/**
 * The certificate operation a create poller last saw. The SDK keeps it in the poller's private state
 * (its getOperationState() leaves it out); getCertificateOperation() is the public way and is tested
 * on its own, so that the merge flow does not depend on it.
 */
function operationOf(createPoller) {
  return createPoller.operation.state.certificateOperation;
}

function selfPolicy(name, extra = {}) {
  return {
    issuerName: "Self",
    subject: `CN=${name}.example.com`,
    subjectAlternativeNames: { dnsNames: [`${name}.example.com`, `www.${name}.example.com`] },
    ...extra,
  };
}

async function createSelfSigned(name, policy = selfPolicy(name), options = {}) {
  const poller = await client.beginCreateCertificate(track(name), policy, { ...fastPoll, ...options });
  return poller.pollUntilDone();
}

// ---------------------------------------------------------------------------------------------

describe("beginCreateCertificate with the Self issuer", { timeout: 180_000 }, () => {
  const cases = [
    { label: "RSA 2048 as PKCS#12", keyType: "RSA", keySize: 2048, contentType: PKCS12, months: 6 },
    { label: "RSA 3072 as PEM", keyType: "RSA", keySize: 3072, contentType: PEM, months: 24 },
    { label: "RSA 4096 as PKCS#12", keyType: "RSA", keySize: 4096, contentType: PKCS12, months: 1 },
    { label: "EC P-256 as PEM", keyType: "EC", curve: "P-256", nodeCurve: "prime256v1", contentType: PEM, months: 12 },
    { label: "EC P-384 as PKCS#12", keyType: "EC", curve: "P-384", nodeCurve: "secp384r1", contentType: PKCS12, months: 3 },
    { label: "EC P-521 as PEM", keyType: "EC", curve: "P-521", nodeCurve: "secp521r1", contentType: PEM, months: 36 },
  ];
  for (const c of cases) {
    it(`creates ${c.label}, with its linked key and secret`, async () => {
      const name = uniqueName(`jsc-${c.keyType.toLowerCase()}${c.keySize ?? c.curve.slice(2)}`);
      const policy = selfPolicy(name, {
        keyType: c.keyType,
        ...(c.keySize ? { keySize: c.keySize } : { keyCurveName: c.curve }),
        contentType: c.contentType,
        validityInMonths: c.months,
      });
      const poller = await client.beginCreateCertificate(track(name), policy, fastPoll);
      const cert = await poller.pollUntilDone();
      assert.equal(poller.getOperationState().isCompleted, true);
      assert.equal(operationOf(poller)?.status, "completed");

      const x509 = assertCertificate(cert, name);
      assert.equal(cert.properties.enabled, true);
      assert.match(x509.subject, new RegExp(`^CN=${name}\\.example\\.com$`, "m"));
      assert.equal(x509.issuer, x509.subject, "self-signed: issuer is the subject");
      assert.ok(x509.verify(x509.publicKey), "self-signed: the certificate verifies with its own key");
      const sans = x509.subjectAltName ?? "";
      assert.ok(sans.includes(`DNS:${name}.example.com`) && sans.includes(`DNS:www.${name}.example.com`), `SANs: ${sans}`);
      assertValidityMonths(x509, c.months);
      assert.ok(new Date(x509.validFrom).getTime() <= Date.now() + 60_000, "valid from about now");
      if (c.keyType === "RSA") {
        assert.equal(x509.publicKey.asymmetricKeyType, "rsa");
        assert.equal(x509.publicKey.asymmetricKeyDetails.modulusLength, c.keySize);
      } else {
        assert.equal(x509.publicKey.asymmetricKeyType, "ec");
        assert.equal(x509.publicKey.asymmetricKeyDetails.namedCurve, c.nodeCurve);
      }

      // The policy comes back completed with the service's defaults.
      assert.equal(cert.policy.issuerName, "Self");
      assert.equal(cert.policy.subject, `CN=${name}.example.com`);
      assert.equal(cert.policy.keyType, c.keyType);
      assert.equal(cert.policy.contentType, c.contentType);
      assert.equal(cert.policy.validityInMonths, c.months);
      assert.equal(cert.policy.exportable, true);
      if (c.keySize) {
        assert.equal(cert.policy.keySize, c.keySize);
      } else {
        assert.equal(cert.policy.keyCurveName, c.curve);
      }
      assert.deepEqual([...(cert.policy.subjectAlternativeNames?.dnsNames ?? [])].sort(),
        [`${name}.example.com`, `www.${name}.example.com`].sort());

      // The linked secret: the private key of this certificate, as PEM or PKCS#12.
      const secret = await linkedSecret(cert, c.contentType);
      if (c.contentType === PEM) {
        assert.match(secret.value, /^-----BEGIN (?:RSA |EC )?PRIVATE KEY-----/, "a PEM secret starts with the private key");
        assert.equal(pemBlocks(secret.value, "CERTIFICATE").length, 1, "one certificate in the PEM secret");
      }
      assertSecretHoldsKeyOf(secret, x509);
      assert.equal((await secrets.getSecret(name)).properties.version, cert.properties.version, "the latest secret is this version");

      // The linked key: same version, the certificate's public key.
      const key = await assertLinkedKey(cert, x509);
      assert.equal(key.keyType, c.keyType);
      if (c.curve) {
        assert.equal(key.key.crv, c.curve);
      }
    });
  }

  it("issues emails and UPNs as SANs, with the policy's key usage and EKUs", async () => {
    const name = uniqueName("jsc-sans");
    const cert = await createSelfSigned(name, {
      issuerName: "Self",
      subject: `CN=${name}, O=Coffer Tests, C=DE`,
      subjectAlternativeNames: {
        dnsNames: [`${name}.example.org`],
        emails: [`ops@${name}.example.org`],
        userPrincipalNames: [`svc@${name}.example.org`],
      },
      keyUsage: ["digitalSignature", "keyEncipherment", "dataEncipherment"],
      enhancedKeyUsage: ["1.3.6.1.5.5.7.3.1"],
      validityInMonths: 12,
    });
    const x509 = assertCertificate(cert, name);
    assert.match(x509.subject, new RegExp(`^CN=${name}$`, "m"));
    assert.match(x509.subject, /^O=Coffer Tests$/m);
    assert.match(x509.subject, /^C=DE$/m);
    const sans = x509.subjectAltName ?? "";
    assert.ok(sans.includes(`DNS:${name}.example.org`), `SANs: ${sans}`);
    assert.ok(sans.includes(`email:ops@${name}.example.org`), `SANs: ${sans}`);
    assert.ok(sans.includes(`svc@${name}.example.org`), `the UPN in SANs: ${sans}`);
    assert.deepEqual(x509.keyUsage, ["1.3.6.1.5.5.7.3.1"], "extended key usage");
    const text = openssl(["x509", "-inform", "DER", "-in", writeTemp(cert.cer, "cer"), "-noout", "-ext", "keyUsage"]).toString();
    assert.match(text, /Digital Signature, Key Encipherment, Data Encipherment/);

    assert.deepEqual(cert.policy.subjectAlternativeNames?.emails, [`ops@${name}.example.org`]);
    assert.deepEqual(cert.policy.subjectAlternativeNames?.userPrincipalNames, [`svc@${name}.example.org`]);
    assert.deepEqual([...(cert.policy.keyUsage ?? [])].sort(), ["dataEncipherment", "digitalSignature", "keyEncipherment"]);
    assert.deepEqual(cert.policy.enhancedKeyUsage, ["1.3.6.1.5.5.7.3.1"]);
  });

  it("completes DefaultCertificatePolicy with Key Vault's defaults (RSA 2048, PKCS#12, 12 months, AutoRenew at 80%)", async () => {
    const name = uniqueName("jsc-default");
    const cert = await createSelfSigned(name, DefaultCertificatePolicy);
    const x509 = assertCertificate(cert, name);
    assert.match(x509.subject, /^CN=MyCert$/im);
    assert.equal(x509.publicKey.asymmetricKeyDetails.modulusLength, 2048);
    assertValidityMonths(x509, 12);

    const policy = await client.getCertificatePolicy(name);
    assert.equal(policy.issuerName, "Self");
    assert.equal(policy.keyType, "RSA");
    assert.equal(policy.keySize, 2048);
    assert.equal(policy.exportable, true);
    assert.equal(policy.reuseKey, false);
    assert.equal(policy.contentType, PKCS12);
    assert.equal(policy.validityInMonths, 12);
    assert.deepEqual([...(policy.keyUsage ?? [])].sort(), ["digitalSignature", "keyEncipherment"]);
    assert.deepEqual([...(policy.enhancedKeyUsage ?? [])].sort(), ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    assert.deepEqual(policy.lifetimeActions, [{ action: "AutoRenew", lifetimePercentage: 80, daysBeforeExpiry: undefined }]);
    assert.equal(policy.enabled, true);
    assert.deepEqual(x509.keyUsage?.sort(), ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
  });

  it("creates a certificate disabled and tagged; its secret is then forbidden", async () => {
    const name = uniqueName("jsc-born-off");
    const cert = await createSelfSigned(name, selfPolicy(name), { enabled: false, tags: { env: "test", owner: "sdk-js" } });
    assertCertificate(cert, name);
    assert.equal(cert.properties.enabled, false);
    assert.deepEqual(cert.properties.tags, { env: "test", owner: "sdk-js" });
    const got = await client.getCertificate(name);
    assert.equal(got.properties.enabled, false, "a disabled certificate can still be read");
    assert.deepEqual(got.properties.tags, { env: "test", owner: "sdk-js" });
    // Certificate attributes are mirrored to the linked secret: no private key while disabled.
    await assertRestError(secrets.getSecret(name), 403, "Forbidden");
  });

  it("gets the secret in PEM format as the SDK's own test does (last PEM certificate = cer)", async () => {
    const name = uniqueName("jsc-sdk-pem");
    await createSelfSigned(name, { issuerName: "Self", subject: "cn=MyCert", contentType: PEM });
    const certificate = await client.getCertificate(name);
    const base64Cer = Buffer.from(certificate.cer).toString("base64");
    const secret = await secrets.getSecret(name);
    const base64PublicCertificate = secret.value
      .split("\n")
      .slice(0, -2)
      .join("")
      .split("-----BEGIN CERTIFICATE-----")
      .slice(-1)
      .join("");
    assert.equal(base64PublicCertificate, base64Cer);
  });

  it("signs with the linked key: a signature made through CryptographyClient verifies with the certificate", async () => {
    const name = uniqueName("jsc-sign");
    const cert = await createSelfSigned(name, selfPolicy(name, { keyType: "EC", keyCurveName: "P-256" }));
    const x509 = assertCertificate(cert, name);
    const crypto = new CryptographyClient(cert.keyId, credential(), { retryOptions: shortRetries });
    const digest = createHash("sha256").update("signed by a certificate's key").digest();
    const { result } = await crypto.sign("ES256", digest);
    assert.ok(nodeVerify("sha256", Buffer.from("signed by a certificate's key"), { key: x509.publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(result)));
  });

  for (const serviceVersion of ["7.5", "7.6", "2025-07-01"]) {
    it(`works with serviceVersion ${serviceVersion}`, async () => {
      const versioned = certificateClient({ serviceVersion });
      const name = track(uniqueName("jsc-api"));
      const poller = await versioned.beginCreateCertificate(name, selfPolicy(name), { ...fastPoll, tags: { api: serviceVersion } });
      const cert = await poller.pollUntilDone();
      assertCertificate(cert, name);
      const got = await versioned.getCertificateVersion(name, cert.properties.version);
      assert.deepEqual(got.properties.tags, { api: serviceVersion });
      const listed = await collect(versioned.listPropertiesOfCertificateVersions(name));
      assert.equal(listed.length, 1);
    });
  }
});

describe("getCertificate, getCertificateVersion and versions", { timeout: 120_000 }, () => {
  let name;
  let first;
  let second;

  before(async () => {
    name = uniqueName("jsc-versions");
    first = await createSelfSigned(name, selfPolicy(name), { tags: { v: "1" } });
    second = await createSelfSigned(name, selfPolicy(name), { tags: { v: "2" } });
  });

  it("getCertificate returns the latest version with its policy", async () => {
    assert.notEqual(first.properties.version, second.properties.version);
    const latest = await client.getCertificate(name);
    assertCertificate(latest, name);
    assert.equal(latest.properties.version, second.properties.version);
    assert.deepEqual(Buffer.from(latest.cer), Buffer.from(second.cer));
    assert.deepEqual(latest.properties.tags, { v: "2" });
    assert.equal(latest.policy?.issuerName, "Self");
    assert.equal(latest.policy?.subject, `CN=${name}.example.com`);
    assert.notDeepEqual(Buffer.from(first.cer), Buffer.from(second.cer), "each version is a new certificate");
  });

  it("getCertificateVersion returns an older version", async () => {
    const old = await client.getCertificateVersion(name, first.properties.version);
    assertCertificate(old, name);
    assert.equal(old.properties.version, first.properties.version);
    assert.deepEqual(Buffer.from(old.cer), Buffer.from(first.cer));
    assert.deepEqual(old.properties.tags, { v: "1" });
    // The older version's key and secret are there too, under the same version.
    const oldX509 = new X509Certificate(Buffer.from(old.cer));
    await assertLinkedKey(old, oldX509);
    assertSecretHoldsKeyOf(await linkedSecret(old, PKCS12), oldX509);
  });

  it("parseKeyVaultCertificateIdentifier understands the ids", async () => {
    const parsed = parseKeyVaultCertificateIdentifier(second.properties.id);
    assert.equal(parsed.vaultUrl, env.vaultUrl);
    assert.equal(parsed.name, name);
    assert.equal(parsed.version, second.properties.version);
  });

  it("listPropertiesOfCertificateVersions lists every version with its thumbprint", async () => {
    const versions = await collect(client.listPropertiesOfCertificateVersions(name));
    assert.deepEqual(versions.map((v) => v.version).sort(), [first.properties.version, second.properties.version].sort());
    for (const v of versions) {
      const expected = v.version === first.properties.version ? first : second;
      assert.equal(v.id, `${env.vaultUrl}/certificates/${name}/${v.version}`);
      assert.equal(v.name, name);
      assert.equal(v.x509ThumbprintString, expected.properties.x509ThumbprintString);
      assert.equal(v.enabled, true);
      assert.deepEqual(v.tags, expected.properties.tags);
      assertSameSecond(v.expiresOn, expected.properties.expiresOn, "expiresOn of a listed version");
    }
    const paged = [];
    // The certificates SDK does not pass byPage's maxPageSize on; its options take maxresults.
    for await (const page of client.listPropertiesOfCertificateVersions(name, { maxresults: 1 }).byPage()) {
      assert.ok(page.length <= 1, `a page of ${page.length} versions, more than maxresults 1`);
      paged.push(...page.map((v) => v.version));
    }
    assert.equal(paged.length, 2);
  });

  it("the linked key and secret have the same versions", async () => {
    const keyVersions = (await collect(keys.listPropertiesOfKeyVersions(name))).map((k) => k.version).sort();
    const secretVersions = (await collect(secrets.listPropertiesOfSecretVersions(name))).map((s) => s.version).sort();
    const certVersions = [first.properties.version, second.properties.version].sort();
    assert.deepEqual(keyVersions, certVersions);
    assert.deepEqual(secretVersions, certVersions);
  });

  it("404 CertificateNotFound for a missing version, and the SDK refuses an empty version", async () => {
    await assertRestError(client.getCertificateVersion(name, "0123456789abcdef0123456789abcdef"), 404, "CertificateNotFound");
    await assert.rejects(client.getCertificateVersion(name, ""), /version/);
  });
});

describe("getCertificatePolicy and updateCertificatePolicy", { timeout: 120_000 }, () => {
  it("reads the policy, replaces it, and the next version follows the new policy", async () => {
    const name = uniqueName("jsc-policy");
    const cert = await createSelfSigned(name, selfPolicy(name, { validityInMonths: 12, contentType: PKCS12 }));
    const policy = await client.getCertificatePolicy(name);
    assert.equal(policy.issuerName, "Self");
    assert.equal(policy.subject, `CN=${name}.example.com`);
    assert.equal(policy.validityInMonths, 12);
    assert.equal(policy.contentType, PKCS12);
    assert.equal(policy.keyType, "RSA");

    const updatedPolicy = {
      ...policy,
      subject: `CN=renewed.${name}.example.com`,
      subjectAlternativeNames: { dnsNames: [`renewed.${name}.example.com`] },
      validityInMonths: 3,
      contentType: PEM,
      keyType: "EC",
      keySize: undefined,
      keyCurveName: "P-384",
      lifetimeActions: [{ action: "AutoRenew", daysBeforeExpiry: 30 }],
    };
    await client.updateCertificatePolicy(name, updatedPolicy);

    const reread = await client.getCertificatePolicy(name);
    assert.equal(reread.subject, `CN=renewed.${name}.example.com`);
    assert.deepEqual(reread.subjectAlternativeNames?.dnsNames, [`renewed.${name}.example.com`]);
    assert.equal(reread.validityInMonths, 3);
    assert.equal(reread.contentType, PEM);
    assert.equal(reread.keyType, "EC");
    assert.equal(reread.keyCurveName, "P-384");
    assert.deepEqual(reread.lifetimeActions, [{ action: "AutoRenew", daysBeforeExpiry: 30, lifetimePercentage: undefined }]);
    assert.equal(reread.issuerName, "Self");
    // The certificate itself carries the current policy.
    assert.equal((await client.getCertificate(name)).policy?.subject, `CN=renewed.${name}.example.com`);
    // The existing version is unchanged.
    const old = await client.getCertificateVersion(name, cert.properties.version);
    assert.deepEqual(Buffer.from(old.cer), Buffer.from(cert.cer));

    // A new version made from the updated policy.
    const next = await (await client.beginCreateCertificate(name, reread, fastPoll)).pollUntilDone();
    const x509 = assertCertificate(next, name);
    assert.notEqual(next.properties.version, cert.properties.version);
    assert.match(x509.subject, new RegExp(`^CN=renewed\\.${name}\\.example\\.com$`, "m"));
    assert.equal(x509.publicKey.asymmetricKeyDetails.namedCurve, "secp384r1");
    assertValidityMonths(x509, 3);
    const secret = await linkedSecret(next, PEM);
    assertSecretHoldsKeyOf(secret, x509);
  });

  it("updates only the members it is given, as the SDK's own test does (issuer and subject only)", async () => {
    const name = uniqueName("jsc-policy-partial");
    await createSelfSigned(name, selfPolicy(name, {
      keyType: "EC",
      keyCurveName: "P-384",
      contentType: PEM,
      validityInMonths: 7,
      lifetimeActions: [{ action: "AutoRenew", daysBeforeExpiry: 20 }],
    }));
    // The SDK sends key_props:{}, secret_props:{}, x509_props:{subject, sans:{}}, issuer:{name}, attributes:{}.
    await client.updateCertificatePolicy(name, { issuerName: "Self", subject: `CN=other.${name}.example.com` });
    const policy = await client.getCertificatePolicy(name);
    assert.equal(policy.subject, `CN=other.${name}.example.com`);
    assert.equal(policy.issuerName, "Self");
    assert.equal(policy.keyType, "EC", "key type kept");
    assert.equal(policy.keyCurveName, "P-384", "curve kept");
    assert.equal(policy.contentType, PEM, "content type kept");
    assert.equal(policy.validityInMonths, 7, "validity kept");
    assert.deepEqual(policy.lifetimeActions, [{ action: "AutoRenew", daysBeforeExpiry: 20, lifetimePercentage: undefined }], "lifetime actions kept");
  });

  it("404 CertificateNotFound for the policy of a missing certificate", async () => {
    const missing = uniqueName("jsc-nopolicy");
    await assertRestError(client.getCertificatePolicy(missing), 404, "CertificateNotFound");
    await assertRestError(client.updateCertificatePolicy(missing, DefaultCertificatePolicy), 404, "CertificateNotFound");
  });
});

describe("updateCertificateProperties", { timeout: 120_000 }, () => {
  it("updates tags and enabled of a version; a disabled certificate's secret is forbidden until re-enabled", async () => {
    const name = uniqueName("jsc-update");
    const cert = await createSelfSigned(name, selfPolicy(name), { tags: { a: "1" } });
    const version = cert.properties.version;

    const updated = await client.updateCertificateProperties(name, version, { tags: { b: "2", c: "3" }, enabled: false });
    assertCertificate(updated, name);
    assert.equal(updated.properties.version, version);
    assert.equal(updated.properties.enabled, false);
    assert.deepEqual(updated.properties.tags, { b: "2", c: "3" });
    assert.deepEqual(Buffer.from(updated.cer), Buffer.from(cert.cer), "an update does not touch the certificate");
    assert.equal(updated.properties.createdOn.getTime(), cert.properties.createdOn.getTime(), "createdOn unchanged");
    assert.ok(updated.properties.updatedOn.getTime() >= cert.properties.updatedOn.getTime(), "updatedOn moved forward");

    const got = await client.getCertificateVersion(name, version);
    assert.equal(got.properties.enabled, false);
    assert.deepEqual(got.properties.tags, { b: "2", c: "3" });
    await assertRestError(secrets.getSecret(name), 403, "Forbidden");

    // An empty version updates the latest.
    const reenabled = await client.updateCertificateProperties(name, "", { enabled: true });
    assert.equal(reenabled.properties.version, version);
    assert.equal(reenabled.properties.enabled, true);
    assert.deepEqual(reenabled.properties.tags, { b: "2", c: "3" }, "omitted tags are kept");
    const secret = await linkedSecret(cert, PKCS12);
    assertSecretHoldsKeyOf(secret, new X509Certificate(Buffer.from(cert.cer)));
  });

  it("as the SDK's own test: tags on the latest version through an empty version", async () => {
    const name = uniqueName("jsc-update-tags");
    await createSelfSigned(name, DefaultCertificatePolicy);
    await client.updateCertificateProperties(name, "", { tags: { customTag: "value" } });
    const updated = await client.getCertificate(name);
    assert.equal(updated.properties.tags?.customTag, "value");
  });

  it("updates only the version it names", async () => {
    const name = uniqueName("jsc-update-ver");
    const first = await createSelfSigned(name, selfPolicy(name), { tags: { v: "1" } });
    const second = await createSelfSigned(name, selfPolicy(name), { tags: { v: "2" } });
    await client.updateCertificateProperties(name, first.properties.version, { tags: { v: "1-updated" } });
    assert.deepEqual((await client.getCertificate(name)).properties.tags, { v: "2" });
    assert.equal((await client.getCertificate(name)).properties.version, second.properties.version);
    assert.deepEqual((await client.getCertificateVersion(name, first.properties.version)).properties.tags, { v: "1-updated" });
  });

  it("404 CertificateNotFound when updating a missing certificate", async () => {
    await assertRestError(
      client.updateCertificateProperties(uniqueName("jsc-upd-missing"), "0123456789abcdef0123456789abcdef", { enabled: false }),
      404,
      "CertificateNotFound",
    );
  });
});

describe("listPropertiesOfCertificates", { timeout: 120_000 }, () => {
  const prefix = uniqueName("jsc-list");
  const names = Array.from({ length: 5 }, (_, i) => `${prefix}-${i}`);
  const thumbprints = new Map();

  before(async () => {
    await inBatches(names, 5, async (name) => {
      const cert = await createSelfSigned(name, selfPolicy(name), { tags: { list: prefix } });
      thumbprints.set(name, cert.properties.x509ThumbprintString);
    });
  });

  it("lists every certificate once, by pages, with its thumbprint and tags", async () => {
    const seen = [];
    let pages = 0;
    // The certificates SDK does not pass byPage's maxPageSize on; its options take maxresults.
    for await (const page of client.listPropertiesOfCertificates({ maxresults: 2 }).byPage()) {
      assert.ok(page.length <= 2, `a page of ${page.length} items, more than maxresults 2`);
      seen.push(...page);
      pages++;
    }
    assert.ok(pages >= Math.ceil(seen.length / 2), `${seen.length} certificates came in only ${pages} pages of 2`);
    const listedNames = seen.map((p) => p.name);
    assert.equal(new Set(listedNames).size, listedNames.length, "no certificate is listed twice");
    const ours = seen.filter((p) => p.name.startsWith(prefix));
    assert.deepEqual(ours.map((p) => p.name).sort(), [...names].sort());
    for (const p of ours) {
      assert.equal(p.id, `${env.vaultUrl}/certificates/${p.name}`, "list items carry the unversioned id");
      assert.equal(p.x509ThumbprintString, thumbprints.get(p.name));
      assert.deepEqual(p.tags, { list: prefix });
      assert.equal(p.enabled, true);
      assert.ok(p.expiresOn instanceof Date && p.notBefore instanceof Date);
    }
  });

  it("leaves deleted certificates out", async () => {
    const name = uniqueName("jsc-list-del");
    await createSelfSigned(name);
    await (await client.beginDeleteCertificate(name, fastPoll)).pollUntilDone();
    const listed = (await collect(client.listPropertiesOfCertificates())).map((p) => p.name);
    assert.ok(!listed.includes(name), "a deleted certificate is still listed");
  });
});

describe("importCertificate", { timeout: 120_000 }, () => {
  it("imports PEM (key, certificate and CA chain) with tags", async () => {
    const name = track(uniqueName("jsc-imp-pem"));
    const leaf = makeCertificate({ cn: `${name}.example.net`, dnsNames: [`${name}.example.net`], signedByCa: true });
    const cert = await client.importCertificate(name, Buffer.from(leaf.fullPem), {
      policy: { contentType: PEM },
      tags: { source: "openssl" },
    });
    const x509 = assertCertificate(cert, name);
    assert.deepEqual(x509.raw, leaf.der, "cer is the imported certificate");
    assert.equal(cert.properties.enabled, true);
    assert.deepEqual(cert.properties.tags, { source: "openssl" });
    assert.equal(cert.policy?.keyType, "RSA");
    assert.equal(cert.policy?.keySize, 2048);
    assert.equal(cert.policy?.exportable, true);

    const secret = await linkedSecret(cert);
    assertSecretHoldsKeyOf(secret, x509, { chain: [testCa().x509] });
    await assertLinkedKey(cert, x509);
    const got = await client.getCertificate(name);
    assert.equal(got.properties.version, cert.properties.version);
  });

  it("imports a password-protected PFX (EC P-384 with its CA); the secret is a PFX without password", async () => {
    const name = track(uniqueName("jsc-imp-pfx"));
    const leaf = makeCertificate({ cn: `${name}.example.net`, newkey: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"], signedByCa: true });
    const cert = await client.importCertificate(name, leaf.pfx("xyz"), { password: "xyz" });
    const x509 = assertCertificate(cert, name);
    assert.deepEqual(x509.raw, leaf.der, "cer is the leaf, not the CA");
    assert.equal(cert.policy?.keyType, "EC");
    assert.equal(cert.policy?.keyCurveName, "P-384");

    const secret = await linkedSecret(cert, PKCS12);
    assertSecretHoldsKeyOf(secret, x509, { chain: [testCa().x509] });
    const key = await assertLinkedKey(cert, x509);
    assert.equal(key.keyType, "EC");
    assert.equal(key.key.crv, "P-384");
  });

  it("imports a PFX with an empty password, and a new version over an existing name", async () => {
    const name = track(uniqueName("jsc-imp-twice"));
    const one = makeCertificate({ cn: `one.${name}.example.net` });
    const two = makeCertificate({ cn: `two.${name}.example.net`, newkey: ["-newkey", "rsa:3072"] });
    const first = await client.importCertificate(name, one.pfx(""));
    const second = await client.importCertificate(name, two.pfx("pw2"), { password: "pw2" });
    assert.notEqual(first.properties.version, second.properties.version);
    assert.deepEqual(Buffer.from(first.cer), one.der);
    assert.deepEqual(Buffer.from(second.cer), two.der);
    const versions = await collect(client.listPropertiesOfCertificateVersions(name));
    assert.equal(versions.length, 2);
    assert.deepEqual(Buffer.from((await client.getCertificate(name)).cer), two.der);
    assertSecretHoldsKeyOf(await secrets.getSecret(name), two.x509);
  });

  it("as the SDK's own tests: re-imports a created certificate's secret, from bytes and from base64 text", async () => {
    const source = uniqueName("jsc-imp-src");
    const original = await createSelfSigned(source, { issuerName: "Self", subject: "cn=MyCert" });
    const secretValue = (await secrets.getSecret(source)).value;

    const fromBytes = track(uniqueName("jsc-imp-bytes"));
    const imported = await client.importCertificate(fromBytes, Buffer.from(secretValue, "base64"));
    assert.deepEqual(Buffer.from(imported.cer), Buffer.from(original.cer));

    // The SDK sends the text as is when the policy says PEM (and does not send the policy).
    const fromText = track(uniqueName("jsc-imp-text"));
    const importedText = await client.importCertificate(fromText, new TextEncoder().encode(secretValue), {
      policy: { contentType: PEM },
    });
    assert.deepEqual(Buffer.from(importedText.cer), Buffer.from(original.cer));
    assertSecretHoldsKeyOf(await secrets.getSecret(fromText), new X509Certificate(Buffer.from(original.cer)));
  });

  it("400 BadParameter for a wrong PFX password, no password, garbage, and PEM without the private key", async () => {
    const leaf = makeCertificate({ cn: "bad.example.net" });
    const pfx = leaf.pfx("right");
    await assertRestError(client.importCertificate(track(uniqueName("jsc-imp-badpw")), pfx, { password: "wrong" }), 400, "BadParameter");
    await assertRestError(client.importCertificate(track(uniqueName("jsc-imp-nopw")), pfx), 400, "BadParameter");
    await assertRestError(client.importCertificate(track(uniqueName("jsc-imp-junk")), randomBytes(600)), 400, "BadParameter");
    await assertRestError(
      client.importCertificate(track(uniqueName("jsc-imp-nokey")), Buffer.from(leaf.certPem), { policy: { contentType: PEM } }),
      400,
      "BadParameter",
    );
    await assertRestError(
      client.importCertificate(track(uniqueName("jsc-imp-junkpem")), Buffer.from("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"), {
        policy: { contentType: PEM },
      }),
      400,
      "BadParameter",
    );
  });
});

describe("beginDeleteCertificate, recover and purge", { timeout: 120_000 }, () => {
  it("soft-deletes a certificate with its key and secret, and recovers all three", async () => {
    const name = uniqueName("jsc-del");
    const cert = await createSelfSigned(name, selfPolicy(name, { contentType: PEM }), { tags: { d: "1" } });
    const deletePoller = await client.beginDeleteCertificate(name, fastPoll);
    const deleted = await deletePoller.pollUntilDone();
    assert.equal(deleted.name, name);
    assert.equal(deleted.recoveryId, `${env.vaultUrl}/deletedcertificates/${name}`);
    assert.ok(deleted.deletedOn instanceof Date && Math.abs(deleted.deletedOn.getTime() - Date.now()) < 5 * 60_000, "deletedOn is about now");
    assert.ok(deleted.scheduledPurgeDate instanceof Date);
    const days = (deleted.scheduledPurgeDate.getTime() - deleted.deletedOn.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - cert.properties.recoverableDays) < 0.01, `purge ${days} days after deletion, retention ${cert.properties.recoverableDays}`);
    assert.equal(deleted.properties.version, cert.properties.version);
    assert.deepEqual(Buffer.from(deleted.cer), Buffer.from(cert.cer));
    assert.deepEqual(deleted.properties.tags, { d: "1" });

    await assertRestError(client.getCertificate(name), 404, "CertificateNotFound");
    await assertRestError(client.getCertificateVersion(name, cert.properties.version), 404, "CertificateNotFound");
    await assertRestError(keys.getKey(name), 404, "KeyNotFound");
    await assertRestError(secrets.getSecret(name), 404, "SecretNotFound");

    const got = await client.getDeletedCertificate(name);
    assert.equal(got.name, name);
    assert.equal(got.recoveryId, deleted.recoveryId);
    assert.equal(got.properties.version, cert.properties.version);
    assertSameSecond(got.deletedOn, deleted.deletedOn, "deletedOn");
    assertSameSecond(got.scheduledPurgeDate, deleted.scheduledPurgeDate, "scheduledPurgeDate");

    const listed = (await collect(client.listDeletedCertificates())).find((d) => d.name === name);
    assert.ok(listed, "the deleted certificate is listed");
    assert.equal(listed.recoveryId, deleted.recoveryId);
    assert.equal(listed.properties.x509ThumbprintString, cert.properties.x509ThumbprintString);
    assertSameSecond(listed.deletedOn, deleted.deletedOn, "deletedOn of the listed item");

    const recovered = await (await client.beginRecoverDeletedCertificate(name, fastPoll)).pollUntilDone();
    assertCertificate(recovered, name);
    assert.equal(recovered.properties.version, cert.properties.version);
    assert.deepEqual(Buffer.from(recovered.cer), Buffer.from(cert.cer));
    assert.deepEqual(recovered.properties.tags, { d: "1" });
    await assertRestError(client.getDeletedCertificate(name), 404, "CertificateNotFound");
    const x509 = new X509Certificate(Buffer.from(cert.cer));
    await assertLinkedKey(cert, x509);
    assertSecretHoldsKeyOf(await linkedSecret(cert, PEM), x509);
  });

  it("the delete response and getDeletedCertificate carry the policy (DeletedCertificateBundle extends CertificateBundle)", async () => {
    const name = uniqueName("jsc-del-policy");
    await createSelfSigned(name, selfPolicy(name, { validityInMonths: 5 }));
    const deleted = await (await client.beginDeleteCertificate(name, fastPoll)).pollUntilDone();
    assert.equal(deleted.policy?.subject, `CN=${name}.example.com`, "policy of the DELETE response");
    assert.equal(deleted.policy?.validityInMonths, 5);
    const got = await client.getDeletedCertificate(name);
    assert.equal(got.policy?.subject, `CN=${name}.example.com`, "policy of GET deletedcertificates/{name}");
    assert.equal(got.policy?.issuerName, "Self");
  });

  it("pages listDeletedCertificates", async () => {
    const prefix = uniqueName("jsc-dl");
    const names = Array.from({ length: 3 }, (_, i) => `${prefix}-${i}`);
    await inBatches(names, 3, (name) => createSelfSigned(name));
    await inBatches(names, 3, async (name) => (await client.beginDeleteCertificate(name, fastPoll)).pollUntilDone());
    const seen = [];
    for await (const page of client.listDeletedCertificates({ maxresults: 2 }).byPage()) {
      assert.ok(page.length <= 2, `a page of ${page.length} items, more than maxresults 2`);
      seen.push(...page.map((d) => d.name));
    }
    assert.equal(new Set(seen).size, seen.length, "no deleted certificate is listed twice");
    assert.deepEqual(seen.filter((n) => n.startsWith(prefix)).sort(), [...names].sort());
  });

  it("purges a deleted certificate with its key and secret, freeing the name", async () => {
    const name = uniqueName("jsc-purge");
    await createSelfSigned(name);
    await createSelfSigned(name);
    await (await client.beginDeleteCertificate(name, fastPoll)).pollUntilDone();
    const result = await client.purgeDeletedCertificate(name);
    assert.equal(result, null);
    await assertRestError(client.getDeletedCertificate(name), 404, "CertificateNotFound");
    const listed = (await collect(client.listDeletedCertificates())).map((d) => d.name);
    assert.ok(!listed.includes(name), "a purged certificate is still listed as deleted");
    await assertRestError(keys.getDeletedKey(name), 404, "KeyNotFound");
    await assertRestError(secrets.getDeletedSecret(name), 404, "SecretNotFound");

    const reborn = await createSelfSigned(name);
    assertCertificate(reborn, name);
    assert.equal((await collect(client.listPropertiesOfCertificateVersions(name))).length, 1, "purge removed the old versions");
    assert.equal((await collect(keys.listPropertiesOfKeyVersions(name))).length, 1, "purge removed the old key versions");
    assert.equal((await collect(secrets.listPropertiesOfSecretVersions(name))).length, 1, "purge removed the old secret versions");
  });

  it("409 Conflict when creating or importing over a deleted certificate", async () => {
    const name = uniqueName("jsc-del-conflict");
    await createSelfSigned(name);
    await (await client.beginDeleteCertificate(name, fastPoll)).pollUntilDone();
    const conflict = await assertRestError(client.beginCreateCertificate(name, selfPolicy(name), fastPoll), 409, "Conflict");
    assert.equal(innerCode(conflict), "ObjectIsDeletedButRecoverable");
    await assertRestError(client.importCertificate(name, makeCertificate({ cn: "conflict.example" }).pfx("")), 409, "Conflict");
    // The deleted certificate is untouched.
    assert.equal((await client.getDeletedCertificate(name)).name, name);
  });

  it("404 CertificateNotFound for delete, get-deleted, recover and purge of missing names", async () => {
    await assertRestError(client.beginDeleteCertificate(uniqueName("jsc-nodel"), fastPoll), 404, "CertificateNotFound");
    await assertRestError(client.getDeletedCertificate(uniqueName("jsc-nodel")), 404, "CertificateNotFound");
    await assertRestError(client.beginRecoverDeletedCertificate(uniqueName("jsc-nodel"), fastPoll), 404, "CertificateNotFound");
    await assertRestError(client.purgeDeletedCertificate(uniqueName("jsc-nodel")), 404, "CertificateNotFound");
  });

  it("refuses to purge a live certificate", async () => {
    const name = uniqueName("jsc-live-purge");
    await createSelfSigned(name);
    await assertRestError(client.purgeDeletedCertificate(name), 404, "CertificateNotFound");
    assert.equal((await client.getCertificate(name)).name, name);
  });
});

describe("certificate operations", { timeout: 120_000 }, () => {
  function unknownPolicy(name, extra = {}) {
    return { issuerName: "Unknown", subject: `CN=${name}.example.com`, subjectAlternativeNames: { dnsNames: [`${name}.example.com`] }, ...extra };
  }

  it("a Self certificate's operation is completed: getCertificateOperation, then deleteCertificateOperation", async () => {
    const name = uniqueName("jsc-op-done");
    const cert = await createSelfSigned(name);
    const poller = await client.getCertificateOperation(name, fastPoll);
    const state = poller.getOperationState();
    assert.equal(state.isStarted, true);
    assert.equal(state.isCompleted, true);
    assert.equal(state.certificateOperation?.status, "completed");
    assert.equal(state.certificateOperation?.issuerName, "Self");
    assert.equal(state.certificateOperation?.cancellationRequested, false);
    assert.equal(state.certificateOperation?.error, undefined);
    const result = await poller.pollUntilDone();
    assert.equal(result.properties.version, cert.properties.version);

    const removed = await client.deleteCertificateOperation(name);
    assert.equal(removed.status, "completed");
    assert.equal(removed.name, name);
    const error = await assertRestError(client.getCertificateOperation(name, fastPoll), 404, "PendingCertificateNotFound");
    assert.equal(error.message, `Pending certificate not found: ${name}`);
    // The certificate itself stays.
    assert.equal((await client.getCertificate(name)).properties.version, cert.properties.version);
  });

  it("an Unknown-issuer create stays inProgress with a CSR for the policy's subject and key", async () => {
    const name = uniqueName("jsc-op-csr");
    const poller = await client.beginCreateCertificate(track(name), unknownPolicy(name, { keyType: "EC", keyCurveName: "P-384" }), fastPoll);
    const state = poller.getOperationState();
    assert.equal(state.isStarted, true);
    assert.ok(!state.isCompleted, "an Unknown-issuer certificate waits for a merge");
    assert.equal(poller.isDone(), false);
    const operation = operationOf(poller);
    assert.equal(operation.status, "inProgress");
    assert.equal(operation.issuerName, "Unknown");
    assert.equal(operation.cancellationRequested, false);
    assert.equal(operation.name, name);
    assert.ok(operation.csr instanceof Uint8Array && operation.csr.length > 0, "the operation carries a CSR");
    const csrFile = writeTemp(operation.csr, "der");
    const subject = openssl(["req", "-inform", "DER", "-in", csrFile, "-noout", "-subject", "-verify"]).toString();
    assert.match(subject, new RegExp(`CN ?= ?${name}\\.example\\.com`));
    const csrKey = createPublicKey(openssl(["req", "-inform", "DER", "-in", csrFile, "-noout", "-pubkey"]));
    assert.equal(csrKey.asymmetricKeyDetails.namedCurve, "secp384r1");

    // Polling again still finds it in progress.
    await poller.poll();
    assert.equal(operationOf(poller).status, "inProgress");
    assert.equal(poller.isDone(), false);
  });

  it("cancels an Unknown-issuer operation (poller.cancelOperation), then deletes it", async () => {
    const name = uniqueName("jsc-op-cancel");
    const poller = await client.beginCreateCertificate(track(name), unknownPolicy(name), fastPoll);
    assert.equal(operationOf(poller).status, "inProgress");

    await poller.cancelOperation();
    const cancelled = operationOf(poller);
    assert.equal(cancelled.cancellationRequested, true);
    assert.ok(["inProgress", "cancelled"].includes(cancelled.status), `status after cancellation: ${cancelled.status}`);
    assert.equal(poller.getOperationState().isCancelled, true);

    const removed = await client.deleteCertificateOperation(name);
    assert.equal(removed.cancellationRequested, true);
    assert.equal(removed.issuerName, "Unknown");
    const response = await rawRequest("GET", `${env.vaultUrl}/certificates/${name}/pending?api-version=2025-07-01`, { headers: await bearer() });
    assert.equal(response.status, 404, response.text);
    assert.equal(response.json?.error?.code, "PendingCertificateNotFound");
  });

  it("404 PendingCertificateNotFound when deleting the operation of a missing certificate", async () => {
    await assertRestError(client.deleteCertificateOperation(uniqueName("jsc-op-none")), 404, "PendingCertificateNotFound");
  });

  // As Azure answers (recorded sessions of the SDK's "can read, cancel and delete a certificate's
  // operation" and "can update a certificate's policy"): while a creation is pending, GET
  // /certificates/{name} answers 200 with a disabled version, its policy and no cer. The SDK's
  // getCertificateOperation() starts with that GET, so it cannot work without it.
  it("getCertificate answers a pending (Unknown-issuer) certificate as a disabled version with its policy", async () => {
    const name = uniqueName("jsc-pending-get");
    await client.beginCreateCertificate(track(name), unknownPolicy(name), fastPoll);
    const pending = await client.getCertificate(name);
    assert.equal(pending.name, name);
    assert.match(pending.properties.version ?? "", VERSION);
    assert.equal(pending.properties.enabled, false);
    assert.equal(pending.cer, undefined);
    assert.equal(pending.policy?.issuerName, "Unknown");
    assert.equal(pending.policy?.subject, `CN=${name}.example.com`);
  });

  it("getCertificateOperation reads a pending operation (as the SDK's own merge test does)", async () => {
    const name = uniqueName("jsc-op-get");
    const createPoller = await client.beginCreateCertificate(track(name), unknownPolicy(name), fastPoll);
    const created = operationOf(createPoller);
    const poller = await client.getCertificateOperation(name, fastPoll);
    const state = poller.getOperationState();
    assert.equal(state.isStarted, true);
    assert.ok(!state.isCompleted);
    assert.equal(state.certificateOperation?.status, "inProgress");
    assert.equal(state.certificateOperation?.cancellationRequested, false);
    assert.deepEqual(Buffer.from(state.certificateOperation?.csr ?? []), Buffer.from(created.csr));

    await poller.cancelOperation();
    assert.equal(poller.getOperationState().certificateOperation?.cancellationRequested, true);
    await client.deleteCertificateOperation(name);
    const error = await assertRestError(client.getCertificateOperation(name, fastPoll), 404);
    assert.equal(error.message, `Pending certificate not found: ${name}`);
  });

  it("listPropertiesOfCertificates shows pending certificates only with includePending", async () => {
    const name = uniqueName("jsc-pending-list");
    await client.beginCreateCertificate(track(name), unknownPolicy(name), fastPoll);
    const withPending = (await collect(client.listPropertiesOfCertificates({ includePending: true }))).find((p) => p.name === name);
    assert.ok(withPending, "includePending lists the pending certificate");
    assert.equal(withPending.enabled, false);
    const without = (await collect(client.listPropertiesOfCertificates())).map((p) => p.name);
    assert.ok(!without.includes(name), "a pending certificate is listed without includePending");
  });
});

describe("mergeCertificate", { timeout: 120_000 }, () => {
  const cases = [
    { label: "RSA 2048, PKCS#12", extra: { keyType: "RSA", keySize: 2048, contentType: PKCS12 } },
    { label: "EC P-256, PEM", extra: { keyType: "EC", keyCurveName: "P-256", contentType: PEM } },
  ];
  for (const c of cases) {
    it(`merges a CA-signed certificate into an Unknown-issuer request (${c.label})`, async () => {
      const name = uniqueName("jsc-merge");
      const policy = {
        issuerName: "Unknown",
        subject: `CN=${name}.example.com`,
        subjectAlternativeNames: { dnsNames: [`${name}.example.com`] },
        validityInMonths: 2,
        ...c.extra,
      };
      const poller = await client.beginCreateCertificate(track(name), policy, { ...fastPoll, tags: { flow: "merge" } });
      const csr = operationOf(poller).csr;
      const signed = signCsr(csr);
      const ca = testCa();

      const merged = await client.mergeCertificate(name, [signed.der, ca.der]);
      const x509 = assertCertificate(merged, name);
      assert.deepEqual(x509.raw, signed.der, "cer is the signed certificate");
      assert.equal(x509.issuer, ca.x509.subject, "issued by the test CA");
      assert.ok(x509.checkIssued(ca.x509) && x509.verify(ca.x509.publicKey), "the CA's signature verifies");
      assert.ok((x509.subjectAltName ?? "").includes(`DNS:${name}.example.com`), "the CSR's SANs made it into the certificate");
      assert.equal(merged.properties.enabled, true);
      assert.deepEqual(merged.properties.tags, { flow: "merge" }, "the tags given at creation");
      assert.equal(merged.policy?.issuerName, "Unknown");
      assert.equal(merged.policy?.contentType, c.extra.contentType);

      // The create poller now completes with the merged certificate.
      const done = await poller.pollUntilDone();
      assert.equal(done.properties.version, merged.properties.version);
      assert.equal(operationOf(poller)?.status, "completed");

      // The linked secret holds the key generated for the CSR, the certificate and the CA.
      const secret = await linkedSecret(merged, c.extra.contentType);
      assertSecretHoldsKeyOf(secret, x509, { chain: [ca.x509] });
      await assertLinkedKey(merged, x509);
      const listed = await collect(client.listPropertiesOfCertificateVersions(name));
      assert.deepEqual(listed.map((v) => v.version), [merged.properties.version]);
    });
  }

  it("400 for a certificate that does not match the request's key; a correct merge still works after", async () => {
    const name = uniqueName("jsc-merge-bad");
    const poller = await client.beginCreateCertificate(track(name), { issuerName: "Unknown", subject: `CN=${name}` }, fastPoll);
    const other = makeCertificate({ cn: name, signedByCa: true });
    await assertRestError(client.mergeCertificate(name, [other.der]), 400);
    await assertRestError(client.mergeCertificate(name, [randomBytes(300)]), 400);
    await poller.poll();
    assert.equal(operationOf(poller).status, "inProgress", "a failed merge leaves the request pending");

    const signed = signCsr(operationOf(poller).csr);
    const merged = await client.mergeCertificate(name, [signed.der]);
    assert.deepEqual(Buffer.from(merged.cer), signed.der);
  });

  // The SDK's README snippet and published sample (CertificateClientMergeCertificate, samples
  // mergeCertificate) pass the PEM file's lines after the BEGIN line, joined, as bytes:
  // readFileSync("test.crt").toString().split("\n").slice(1, -1).join("") - the base64 text followed
  // by "-----END CERTIFICATE-----". The SDK base64-encodes those bytes again; Azure accepts them.
  it("merges x5c the way the SDK's documented sample does (the PEM text's bytes)", async () => {
    const name = uniqueName("jsc-merge-sample");
    const poller = await client.beginCreateCertificate(
      track(name),
      { issuerName: "Unknown", certificateTransparency: false, subject: "cn=MyCert" },
      fastPoll,
    );
    const signed = signCsr(operationOf(poller).csr);
    const base64Crt = signed.pem.split("\n").slice(1, -1).join("");
    const merged = await client.mergeCertificate(name, [Buffer.from(base64Crt)]);
    assert.deepEqual(Buffer.from(merged.cer), signed.der);
  });
});

describe("errors", { timeout: 60_000 }, () => {
  it("404 CertificateNotFound for a missing certificate", async () => {
    const error = await assertRestError(client.getCertificate(uniqueName("jsc-missing")), 404, "CertificateNotFound");
    assert.equal(error.details?.error?.code, "CertificateNotFound");
    assert.equal(typeof error.details?.error?.message, "string");
  });

  it("400 BadParameter for an unusable policy and for invalid names", async () => {
    await assertRestError(
      client.beginCreateCertificate(track(uniqueName("jsc-bad-ct")), { issuerName: "Self", subject: "CN=x", contentType: "application/json" }, fastPoll),
      400,
      "BadParameter",
    );
    await assertRestError(
      client.beginCreateCertificate(track(uniqueName("jsc-bad-kty")), { issuerName: "Self", subject: "CN=x", keyType: "oct" }, fastPoll),
      400,
      "BadParameter",
    );
    await assertRestError(
      client.beginCreateCertificate(track(uniqueName("jsc-bad-months")), { issuerName: "Self", subject: "CN=x", validityInMonths: 0 }, fastPoll),
      400,
      "BadParameter",
    );
    await assertRestError(client.beginCreateCertificate(`jsc_bad_${Date.now()}`, DefaultCertificatePolicy, fastPoll), 400, "BadParameter");
  });
});
