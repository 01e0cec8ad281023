// Cryptographic operations of Coffer's Keys API, driven by the official @azure/keyvault-keys
// CryptographyClient and checked against node:crypto.
//
// The CryptographyClient does some public-key operations itself once it holds the key's JWK
// (RSA encrypt and wrapKey with RSA-OAEP and RSA1_5, RSA verifyData), and checks key_ops, nbf
// and exp locally before sending anything. So every test records the requests the client sends,
// and where the SDK would stay local, the client is put in its remote-only mode (the mode the SDK
// falls back to when reading the key is forbidden) so that the request really reaches the server.
import assert from "node:assert/strict";
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  generateKeyPairSync,
  generateKeySync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign as nodeSign,
  verify as nodeVerify,
} from "node:crypto";
import { before, describe, it } from "node:test";
import {
  assertRestError,
  cryptoClient,
  env,
  fastPoll,
  innerCode,
  keyClient,
  publicKeyFromJwk,
  purgeKeysAfterAll,
  sdkJwkFromNode,
  secondsFromNow,
  uniqueName,
} from "./helpers.mjs";

const client = keyClient();
const track = purgeKeysAfterAll(client);

const RSA_SIZES = [2048, 3072, 4096];
const RSA_SIGNATURES = [
  { alg: "RS256", hash: "sha256", pss: false },
  { alg: "RS384", hash: "sha384", pss: false },
  { alg: "RS512", hash: "sha512", pss: false },
  { alg: "PS256", hash: "sha256", pss: true },
  { alg: "PS384", hash: "sha384", pss: true },
  { alg: "PS512", hash: "sha512", pss: true },
];
const EC_SIGNATURES = [
  { alg: "ES256", curve: "P-256", nodeCurve: "P-256", hash: "sha256", bytes: 32 },
  { alg: "ES384", curve: "P-384", nodeCurve: "P-384", hash: "sha384", bytes: 48 },
  { alg: "ES512", curve: "P-521", nodeCurve: "P-521", hash: "sha512", bytes: 66 },
  { alg: "ES256K", curve: "P-256K", nodeCurve: "secp256k1", hash: "sha256", bytes: 32 },
];
// node:crypto's padding for each RSA encryption algorithm.
const RSA_ENCRYPTIONS = [
  { alg: "RSA-OAEP", padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
  { alg: "RSA-OAEP-256", padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
  { alg: "RSA1_5", padding: constants.RSA_PKCS1_PADDING },
];
const AES_SIZES = [128, 192, 256];

const data = Buffer.from("The quick brown fox signs over the lazy vault");
const digestOf = (hash, bytes = data) => createHash(hash).update(bytes).digest();
const flip = (bytes) => {
  const copy = Buffer.from(bytes);
  copy[copy.length >> 1] ^= 0x01;
  return copy;
};

/** node:crypto's verify options for a service signature. */
function nodeVerifyOptions(key, { pss, hash }) {
  return pss
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: createHash(hash).digest().length }
    : { key, padding: constants.RSA_PKCS1_PADDING };
}

/** Asserts that exactly `count` POST .../{operation} requests were sent, all answered 200. */
function assertSent(recorder, operation, count = 1) {
  const sent = recorder.posts(operation);
  assert.equal(sent.length, count, `${count} POST .../${operation} expected; sent: ${JSON.stringify(recorder.requests)}`);
  for (const request of sent) {
    assert.equal(request.status, 200, `${request.method} ${request.path} answered ${request.status}`);
  }
}

// Keys shared by the tests, made once.
const keys = { rsa: {}, ec: {}, oct: {}, importedOct: {}, importedEc: {} };

before(async () => {
  await Promise.all([
    ...RSA_SIZES.map(async (keySize) => {
      keys.rsa[keySize] = await client.createRsaKey(track(uniqueName(`jsc-rsa${keySize}`)), { keySize });
    }),
    ...EC_SIGNATURES.map(async ({ curve }) => {
      keys.ec[curve] = await client.createEcKey(track(uniqueName(`jsc-ec-${curve}`)), { curve });
    }),
    ...AES_SIZES.map(async (keySize) => {
      keys.oct[keySize] = await client.createOctKey(track(uniqueName(`jsc-oct${keySize}`)), { keySize });
    }),
    ...AES_SIZES.map(async (bits) => {
      const jwk = sdkJwkFromNode(generateKeySync("aes", { length: bits }).export({ format: "jwk" }));
      const key = await client.importKey(track(uniqueName(`jsc-ioct${bits}`)), jwk);
      keys.importedOct[bits] = { key, bytes: Buffer.from(jwk.k) };
    }),
    ...EC_SIGNATURES.map(async ({ curve, nodeCurve }) => {
      const { privateKey } = generateKeyPairSync("ec", { namedCurve: nodeCurve });
      const key = await client.importKey(track(uniqueName(`jsc-iec-${curve}`)), sdkJwkFromNode(privateKey.export({ format: "jwk" })));
      keys.importedEc[curve] = { key, privateKey };
    }),
    (async () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const key = await client.importKey(track(uniqueName("jsc-irsa")), sdkJwkFromNode(privateKey.export({ format: "jwk" })));
      keys.importedRsa = { key, privateKey };
    })(),
  ]);
});

describe("RSA sign and verify", { timeout: 120_000 }, () => {
  for (const keySize of RSA_SIZES) {
    for (const signature of RSA_SIGNATURES) {
      it(`${signature.alg} with RSA ${keySize}: the service signs, node and the service verify`, async () => {
        const key = keys.rsa[keySize];
        const { client: crypto, recorder } = cryptoClient(key);
        const digest = digestOf(signature.hash);

        const signed = await crypto.sign(signature.alg, digest);
        assertSent(recorder, "sign");
        assert.equal(signed.algorithm, signature.alg);
        assert.equal(signed.keyID, key.id);
        assert.equal(signed.result.length, keySize / 8, "a signature is as long as the modulus");
        const publicKey = publicKeyFromJwk(key.key);
        assert.ok(nodeVerify(signature.hash, data, nodeVerifyOptions(publicKey, signature), Buffer.from(signed.result)), "node verifies");
        assert.ok(!nodeVerify(signature.hash, flip(data), nodeVerifyOptions(publicKey, signature), Buffer.from(signed.result)));

        // verify (digest) is not done locally by the SDK: it reaches the service.
        const verified = await crypto.verify(signature.alg, digest, signed.result);
        assertSent(recorder, "verify");
        assert.equal(verified.result, true);
        const tampered = await crypto.verify(signature.alg, digest, flip(signed.result));
        assertSent(recorder, "verify", 2);
        assert.equal(tampered.result, false, "a tampered signature does not verify");
        const otherDigest = await crypto.verify(signature.alg, digestOf(signature.hash, flip(data)), signed.result);
        assert.equal(otherDigest.result, false, "the signature does not verify another digest");

        if (!signature.pss) {
          // PKCS#1 v1.5 signatures are deterministic; PSS ones are salted.
          const again = await crypto.sign(signature.alg, digest);
          assert.deepEqual(Buffer.from(again.result), Buffer.from(signed.result));
        }
      });
    }
  }

  for (const signature of RSA_SIGNATURES) {
    it(`${signature.alg}: node signs with an imported key, the service verifies`, async () => {
      const { key, privateKey } = keys.importedRsa;
      const { client: crypto, recorder } = cryptoClient(key);
      const local = nodeSign(signature.hash, data, nodeVerifyOptions(privateKey, signature));
      const digest = digestOf(signature.hash);
      assert.equal((await crypto.verify(signature.alg, digest, local)).result, true);
      assert.equal((await crypto.verify(signature.alg, digest, flip(local))).result, false);
      assertSent(recorder, "verify", 2);
      // And the service's signature with the imported key verifies with the original key.
      const signed = await crypto.sign(signature.alg, digest);
      assert.ok(nodeVerify(signature.hash, data, nodeVerifyOptions(privateKey, signature), Buffer.from(signed.result)));
    });
  }

  it("signData hashes locally and signs remotely; verifyData with RSA verifies locally", async () => {
    const key = keys.rsa[2048];
    const publicKey = publicKeyFromJwk(key.key);
    const { client: crypto, recorder } = cryptoClient(key);
    const signed = await crypto.signData("RS384", data);
    const pss = await crypto.signData("PS384", data);
    assertSent(recorder, "sign", 2);
    assert.ok(nodeVerify("sha384", data, nodeVerifyOptions(publicKey, { pss: false, hash: "sha384" }), Buffer.from(signed.result)));
    assert.ok(nodeVerify("sha384", data, nodeVerifyOptions(publicKey, { pss: true, hash: "sha384" }), Buffer.from(pss.result)));
    // The SDK verifies RSA data with the public key it holds, sending nothing. (Only for RSxxx:
    // its local verifier always uses PKCS#1 v1.5 padding, so it answers false for any PSxxx
    // signature; an SDK limitation, hence the remote-only checks below.)
    assert.equal((await crypto.verifyData("RS384", data, signed.result)).result, true);
    assert.equal((await crypto.verifyData("RS384", flip(data), signed.result)).result, false);
    assertSent(recorder, "verify", 0);
    // The remote-only client hashes and sends verifyData to the service as a digest.
    const { client: remote, recorder: remoteRecorder } = cryptoClient(key, { remoteOnly: true });
    assert.equal((await remote.verifyData("RS384", data, signed.result)).result, true);
    assert.equal((await remote.verifyData("PS384", data, pss.result)).result, true);
    assert.equal((await remote.verifyData("PS384", flip(data), pss.result)).result, false);
    assertSent(remoteRecorder, "verify", 3);
  });
});

describe("EC sign and verify", { timeout: 60_000 }, () => {
  for (const signature of EC_SIGNATURES) {
    it(`${signature.alg} on ${signature.curve}: the service signs (r||s), node and the service verify`, async () => {
      const key = keys.ec[signature.curve];
      const { client: crypto, recorder } = cryptoClient(key);
      const digest = digestOf(signature.hash);

      const signed = await crypto.sign(signature.alg, digest);
      assertSent(recorder, "sign");
      assert.equal(signed.keyID, key.id);
      assert.equal(signed.result.length, 2 * signature.bytes, "an IEEE P1363 r||s signature");
      const publicKey = publicKeyFromJwk(key.key);
      assert.ok(nodeVerify(signature.hash, data, { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signed.result)), "node verifies");
      assert.ok(!nodeVerify(signature.hash, flip(data), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signed.result)));

      assert.equal((await crypto.verify(signature.alg, digest, signed.result)).result, true);
      assert.equal((await crypto.verify(signature.alg, digest, flip(signed.result))).result, false);
      assertSent(recorder, "verify", 2);

      // signData / verifyData: hashed by the SDK, both sent to the service for EC.
      const signedData = await crypto.signData(signature.alg, data);
      assert.ok(nodeVerify(signature.hash, data, { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signedData.result)));
      assert.equal((await crypto.verifyData(signature.alg, data, signedData.result)).result, true);
      assertSent(recorder, "sign", 2);
      assertSent(recorder, "verify", 3);
    });

    it(`${signature.alg}: node signs with an imported ${signature.curve} key, the service verifies`, async () => {
      const { key, privateKey } = keys.importedEc[signature.curve];
      const { client: crypto, recorder } = cryptoClient(key);
      const local = nodeSign(signature.hash, data, { key: privateKey, dsaEncoding: "ieee-p1363" });
      const digest = digestOf(signature.hash);
      assert.equal((await crypto.verify(signature.alg, digest, local)).result, true);
      assert.equal((await crypto.verify(signature.alg, digestOf(signature.hash, flip(data)), local)).result, false);
      assertSent(recorder, "verify", 2);
    });
  }
});

describe("RSA encrypt and decrypt", { timeout: 120_000 }, () => {
  for (const keySize of RSA_SIZES) {
    for (const { alg, padding, oaepHash } of RSA_ENCRYPTIONS) {
      it(`${alg} with RSA ${keySize}: node encrypts, the service decrypts; the service round-trips`, async () => {
        const key = keys.rsa[keySize];
        const plaintext = randomBytes(32);

        // Encrypted locally with the public key the service returned.
        const local = publicEncrypt({ key: publicKeyFromJwk(key.key), padding, oaepHash }, plaintext);
        const { client: crypto, recorder } = cryptoClient(key);
        const decrypted = await crypto.decrypt({ algorithm: alg, ciphertext: local });
        assertSent(recorder, "decrypt");
        assert.equal(decrypted.keyID, key.id);
        assert.deepEqual(Buffer.from(decrypted.result), plaintext);

        // Encrypted by the service (remote-only: the SDK would otherwise encrypt RSA-OAEP and RSA1_5 itself).
        const { client: remote, recorder: remoteRecorder } = cryptoClient(key, { remoteOnly: true });
        const encrypted = await remote.encrypt({ algorithm: alg, plaintext });
        assertSent(remoteRecorder, "encrypt");
        assert.equal(encrypted.keyID, key.id);
        assert.equal(encrypted.algorithm, alg);
        assert.equal(encrypted.result.length, keySize / 8);
        const again = await remote.encrypt({ algorithm: alg, plaintext });
        assert.notDeepEqual(Buffer.from(again.result), Buffer.from(encrypted.result), "RSA encryption is randomized");
        const roundTrip = await remote.decrypt({ algorithm: alg, ciphertext: encrypted.result });
        assertSent(remoteRecorder, "decrypt");
        assert.deepEqual(Buffer.from(roundTrip.result), plaintext);
      });
    }
  }

  for (const { alg, padding, oaepHash } of RSA_ENCRYPTIONS.filter((e) => e.alg !== "RSA1_5")) {
    it(`${alg}: the service encrypts with an imported key, node decrypts`, async () => {
      const { key, privateKey } = keys.importedRsa;
      const plaintext = randomBytes(48);
      const { client: remote, recorder } = cryptoClient(key, { remoteOnly: true });
      const encrypted = await remote.encrypt({ algorithm: alg, plaintext });
      assertSent(recorder, "encrypt");
      assert.deepEqual(privateDecrypt({ key: privateKey, padding, oaepHash }, Buffer.from(encrypted.result)), plaintext);
    });
  }
  // RSA1_5: node refuses RSA_PKCS1_PADDING for private decryption (CVE-2023-46809), so the
  // service's RSA1_5 ciphertext is checked by the service's own decrypt above instead.

  it("the SDK encrypts RSA-OAEP and RSA1_5 locally with the fetched key, RSA-OAEP-256 remotely", async () => {
    const key = keys.rsa[2048];
    const plaintext = randomBytes(16);
    const { client: crypto, recorder } = cryptoClient(`${env.vaultUrl}/keys/${key.name}/${key.properties.version}`);
    const oaep = await crypto.encrypt({ algorithm: "RSA-OAEP", plaintext });
    const pkcs1 = await crypto.encrypt({ algorithm: "RSA1_5", plaintext });
    const oaep256 = await crypto.encrypt({ algorithm: "RSA-OAEP-256", plaintext });
    assert.deepEqual(
      recorder.requests.map((r) => `${r.method} ${r.status}`),
      ["GET 200", "POST 200"],
      "one GET of the key, then only RSA-OAEP-256 sent",
    );
    assertSent(recorder, "encrypt");
    for (const [alg, result] of [["RSA-OAEP", oaep], ["RSA1_5", pkcs1], ["RSA-OAEP-256", oaep256]]) {
      assert.deepEqual(Buffer.from((await crypto.decrypt({ algorithm: alg, ciphertext: result.result })).result), plaintext, alg);
    }
    assertSent(recorder, "decrypt", 3);
  });

  it("400 BadParameter for a plaintext too long for the key and for a ciphertext that does not decrypt", async () => {
    const key = keys.rsa[2048];
    const { client: remote } = cryptoClient(key, { remoteOnly: true });
    await assertRestError(remote.encrypt({ algorithm: "RSA-OAEP-256", plaintext: randomBytes(300) }), 400, "BadParameter");
    await assertRestError(remote.decrypt({ algorithm: "RSA-OAEP", ciphertext: randomBytes(256) }), 400, "BadParameter");
    await assertRestError(remote.decrypt({ algorithm: "RSA-OAEP", ciphertext: randomBytes(17) }), 400, "BadParameter");
  });
});

describe("RSA wrapKey and unwrapKey", { timeout: 60_000 }, () => {
  for (const { alg, padding, oaepHash } of RSA_ENCRYPTIONS) {
    it(`${alg}: the service wraps and unwraps; node wraps, the service unwraps`, async () => {
      const key = keys.rsa[3072];
      const aesKey = randomBytes(32);
      const { client: remote, recorder } = cryptoClient(key, { remoteOnly: true });
      const wrapped = await remote.wrapKey(alg, aesKey);
      assertSent(recorder, "wrapkey");
      assert.equal(wrapped.algorithm, alg);
      assert.equal(wrapped.keyID, key.id);
      assert.equal(wrapped.result.length, 384);
      const unwrapped = await remote.unwrapKey(alg, wrapped.result);
      assertSent(recorder, "unwrapkey");
      assert.deepEqual(Buffer.from(unwrapped.result), aesKey);

      const local = publicEncrypt({ key: publicKeyFromJwk(key.key), padding, oaepHash }, aesKey);
      const { client: crypto, recorder: hybrid } = cryptoClient(key);
      assert.deepEqual(Buffer.from((await crypto.unwrapKey(alg, local)).result), aesKey);
      assertSent(hybrid, "unwrapkey");
      // The SDK's own wrap (local for RSA-OAEP and RSA1_5, remote for RSA-OAEP-256) unwraps too.
      const sdkWrapped = await crypto.wrapKey(alg, aesKey);
      assertSent(hybrid, "wrapkey", alg === "RSA-OAEP-256" ? 1 : 0);
      assert.deepEqual(Buffer.from((await crypto.unwrapKey(alg, sdkWrapped.result)).result), aesKey);
    });
  }

  for (const { alg, padding, oaepHash } of RSA_ENCRYPTIONS.filter((e) => e.alg !== "RSA1_5")) {
    it(`${alg}: the service wraps with an imported key, node unwraps`, async () => {
      const { key, privateKey } = keys.importedRsa;
      const aesKey = randomBytes(32);
      const { client: remote, recorder } = cryptoClient(key, { remoteOnly: true });
      const wrapped = await remote.wrapKey(alg, aesKey);
      assertSent(recorder, "wrapkey");
      assert.deepEqual(privateDecrypt({ key: privateKey, padding, oaepHash }, Buffer.from(wrapped.result)), aesKey);
    });
  }
});

describe("AES-GCM", { timeout: 60_000 }, () => {
  for (const bits of AES_SIZES) {
    const alg = `A${bits}GCM`;
    it(`${alg}: the service generates the iv, returns iv and tag, and decrypts with them`, async () => {
      const key = keys.oct[bits];
      const { client: crypto, recorder } = cryptoClient(key);
      const plaintext = Buffer.from(`GCM under a ${bits}-bit key, not a whole number of blocks`);
      const aad = Buffer.from("header");

      const encrypted = await crypto.encrypt({ algorithm: alg, plaintext, additionalAuthenticatedData: aad });
      assertSent(recorder, "encrypt");
      assert.equal(encrypted.keyID, key.id);
      assert.equal(encrypted.result.length, plaintext.length, "GCM ciphertext is as long as the plaintext");
      assert.equal(encrypted.iv?.length, 12, "a 96-bit nonce");
      assert.equal(encrypted.authenticationTag?.length, 16, "a 128-bit tag");
      assert.notDeepEqual(Buffer.from(encrypted.result), plaintext);
      const again = await crypto.encrypt({ algorithm: alg, plaintext, additionalAuthenticatedData: aad });
      assert.notDeepEqual(Buffer.from(again.iv), Buffer.from(encrypted.iv), "a fresh nonce per encryption");

      const decrypted = await crypto.decrypt({
        algorithm: alg,
        ciphertext: encrypted.result,
        iv: encrypted.iv,
        authenticationTag: encrypted.authenticationTag,
        additionalAuthenticatedData: aad,
      });
      assertSent(recorder, "decrypt");
      assert.deepEqual(Buffer.from(decrypted.result), plaintext);

      // Authentication: another aad, a tampered tag or ciphertext are refused.
      const base = { algorithm: alg, ciphertext: encrypted.result, iv: encrypted.iv, authenticationTag: encrypted.authenticationTag };
      await assertRestError(crypto.decrypt({ ...base, additionalAuthenticatedData: Buffer.from("other") }), 400, "BadParameter");
      await assertRestError(crypto.decrypt({ ...base, additionalAuthenticatedData: aad, authenticationTag: flip(encrypted.authenticationTag) }), 400, "BadParameter");
      await assertRestError(crypto.decrypt({ ...base, additionalAuthenticatedData: aad, ciphertext: flip(encrypted.result) }), 400, "BadParameter");

      // Without aad.
      const plain = await crypto.encrypt({ algorithm: alg, plaintext });
      const back = await crypto.decrypt({ algorithm: alg, ciphertext: plain.result, iv: plain.iv, authenticationTag: plain.authenticationTag });
      assert.deepEqual(Buffer.from(back.result), plaintext);
    });

    it(`${alg} with an imported key: node decrypts the service's ciphertext and the service decrypts node's`, async () => {
      const { key, bytes } = keys.importedOct[bits];
      const { client: crypto, recorder } = cryptoClient(key);
      const plaintext = randomBytes(45);
      const aad = randomBytes(20);

      const encrypted = await crypto.encrypt({ algorithm: alg, plaintext, additionalAuthenticatedData: aad });
      const decipher = createDecipheriv(`aes-${bits}-gcm`, bytes, Buffer.from(encrypted.iv));
      decipher.setAAD(aad);
      decipher.setAuthTag(Buffer.from(encrypted.authenticationTag));
      assert.deepEqual(Buffer.concat([decipher.update(Buffer.from(encrypted.result)), decipher.final()]), plaintext);

      const iv = randomBytes(12);
      const cipher = createCipheriv(`aes-${bits}-gcm`, bytes, iv);
      cipher.setAAD(aad);
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const decrypted = await crypto.decrypt({
        algorithm: alg,
        ciphertext,
        iv,
        authenticationTag: cipher.getAuthTag(),
        additionalAuthenticatedData: aad,
      });
      assert.deepEqual(Buffer.from(decrypted.result), plaintext);
      assertSent(recorder, "encrypt");
      assertSent(recorder, "decrypt");
    });
  }
});

describe("AES-CBC and AES-CBCPAD", { timeout: 60_000 }, () => {
  for (const bits of AES_SIZES) {
    for (const pad of [false, true]) {
      const alg = `A${bits}CBC${pad ? "PAD" : ""}`;
      it(`${alg}: the service round-trips with the iv given`, async () => {
        const key = keys.oct[bits];
        const { client: crypto, recorder } = cryptoClient(key);
        // 37 bytes pad to 48; unpadded CBC takes whole blocks only.
        const plaintext = pad ? randomBytes(37) : randomBytes(32);
        // The SDK does not make a CBC iv (its check `algorithm in [array]` never matches): pass one.
        const iv = randomBytes(16);
        const encrypted = await crypto.encrypt({ algorithm: alg, plaintext, iv });
        assertSent(recorder, "encrypt");
        assert.equal(encrypted.result.length, pad ? 48 : 32);
        assert.deepEqual(Buffer.from(encrypted.iv ?? iv), iv);
        const decrypted = await crypto.decrypt({ algorithm: alg, ciphertext: encrypted.result, iv });
        assertSent(recorder, "decrypt");
        assert.deepEqual(Buffer.from(decrypted.result), plaintext);
      });

      it(`${alg} with an imported key gives exactly node's ciphertext`, async () => {
        const { key, bytes } = keys.importedOct[bits];
        const { client: crypto, recorder } = cryptoClient(key);
        const plaintext = pad ? randomBytes(21) : randomBytes(32);
        const iv = randomBytes(16);
        const cipher = createCipheriv(`aes-${bits}-cbc`, bytes, iv).setAutoPadding(pad);
        const local = Buffer.concat([cipher.update(plaintext), cipher.final()]);

        const encrypted = await crypto.encrypt({ algorithm: alg, plaintext, iv });
        assert.deepEqual(Buffer.from(encrypted.result), local);
        const decrypted = await crypto.decrypt({ algorithm: alg, ciphertext: local, iv });
        assert.deepEqual(Buffer.from(decrypted.result), plaintext);
        assertSent(recorder, "encrypt");
        assertSent(recorder, "decrypt");
      });
    }
  }

  it("400 BadParameter for unpadded CBC of a partial block", async () => {
    const { client: crypto } = cryptoClient(keys.oct[256]);
    await assertRestError(crypto.encrypt({ algorithm: "A256CBC", plaintext: randomBytes(20), iv: randomBytes(16) }), 400, "BadParameter");
  });
});

describe("AES key wrap", { timeout: 60_000 }, () => {
  for (const bits of AES_SIZES) {
    const alg = `A${bits}KW`;
    it(`${alg}: the service wraps and unwraps`, async () => {
      const key = keys.oct[bits];
      const { client: crypto, recorder } = cryptoClient(key);
      for (const length of [16, 24, 32]) {
        const secret = randomBytes(length);
        const wrapped = await crypto.wrapKey(alg, secret);
        assert.equal(wrapped.algorithm, alg);
        assert.equal(wrapped.keyID, key.id);
        assert.equal(wrapped.result.length, length + 8, "RFC 3394 adds one 64-bit block");
        const unwrapped = await crypto.unwrapKey(alg, wrapped.result);
        assert.deepEqual(Buffer.from(unwrapped.result), secret);
      }
      assertSent(recorder, "wrapkey", 3);
      assertSent(recorder, "unwrapkey", 3);
      await assertRestError(crypto.unwrapKey(alg, flip((await crypto.wrapKey(alg, randomBytes(32))).result)), 400, "BadParameter");
    });

    it(`${alg} with an imported key matches node's id-aes${bits}-wrap both ways`, async () => {
      const { key, bytes } = keys.importedOct[bits];
      const { client: crypto, recorder } = cryptoClient(key);
      const secret = randomBytes(32);
      const wrapper = createCipheriv(`id-aes${bits}-wrap`, bytes, Buffer.alloc(8, 0xa6));
      const local = Buffer.concat([wrapper.update(secret), wrapper.final()]);

      const wrapped = await crypto.wrapKey(alg, secret);
      assert.deepEqual(Buffer.from(wrapped.result), local, "AES key wrap is deterministic: same bytes as node");
      const unwrapper = createDecipheriv(`id-aes${bits}-wrap`, bytes, Buffer.alloc(8, 0xa6));
      assert.deepEqual(Buffer.concat([unwrapper.update(Buffer.from(wrapped.result)), unwrapper.final()]), secret);
      assert.deepEqual(Buffer.from((await crypto.unwrapKey(alg, local)).result), secret);
      assertSent(recorder, "wrapkey");
      assertSent(recorder, "unwrapkey");
    });
  }
});

describe("decrypt, unwrapKey and verify outside nbf/exp", { timeout: 60_000 }, () => {
  // Key Vault's "date-time controlled operations": "Not-yet-valid and expired keys, outside the
  // nbf / exp window, will work for decrypt, unwrap, and verify operations (won't return 403,
  // Forbidden)" (azure-docs, articles/key-vault/keys/about-keys-details.md). Remote-only clients:
  // the SDK itself refuses every operation outside nbf/exp when it holds the key.
  const plaintext = randomBytes(32);
  const digest = digestOf("sha256");
  const expired = {};
  const early = {};

  /** Awaits an operation that must succeed; a RestError becomes a failure naming status and codes. */
  async function works(promise, label) {
    try {
      return await promise;
    } catch (e) {
      if (e.name === "RestError") {
        assert.fail(`${label}: ${e.statusCode} ${e.code}/${innerCode(e)}: ${e.message}`);
      }
      throw e;
    }
  }

  before(async () => {
    // Expired: an RSA key whose ciphertext and signature were made while it was valid.
    const name = track(uniqueName("jsc-exp-rsa"));
    const rsa = await client.createRsaKey(name, { keySize: 2048 });
    expired.signature = (await cryptoClient(rsa).client.sign("PS256", digest)).result;
    expired.ciphertext = publicEncrypt(
      { key: publicKeyFromJwk(rsa.key), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      plaintext,
    );
    expired.key = await client.updateKeyProperties(name, rsa.properties.version, {
      notBefore: secondsFromNow(-7200),
      expiresOn: secondsFromNow(-3600),
    });

    // Not yet valid: imported keys, used locally.
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    early.ec = await client.importKey(track(uniqueName("jsc-nbf-ec")), sdkJwkFromNode(privateKey.export({ format: "jwk" })), {
      notBefore: secondsFromNow(3600),
    });
    early.signature = nodeSign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
    const octJwk = sdkJwkFromNode(generateKeySync("aes", { length: 256 }).export({ format: "jwk" }));
    early.oct = await client.importKey(track(uniqueName("jsc-nbf-oct")), octJwk, { notBefore: secondsFromNow(3600) });
    const wrapper = createCipheriv("id-aes256-wrap", Buffer.from(octJwk.k), Buffer.alloc(8, 0xa6));
    early.wrapped = Buffer.concat([wrapper.update(plaintext), wrapper.final()]);
    early.iv = randomBytes(12);
    const gcm = createCipheriv("aes-256-gcm", Buffer.from(octJwk.k), early.iv);
    early.sealed = Buffer.concat([gcm.update(plaintext), gcm.final()]);
    early.tag = gcm.getAuthTag();
  });

  it("decrypt works with an expired key", async () => {
    const { client: remote, recorder } = cryptoClient(expired.key, { remoteOnly: true });
    const result = await works(remote.decrypt({ algorithm: "RSA-OAEP-256", ciphertext: expired.ciphertext }), "decrypt (expired)");
    assert.deepEqual(Buffer.from(result.result), plaintext);
    assertSent(recorder, "decrypt");
  });

  it("unwrapKey works with an expired key", async () => {
    const { client: remote } = cryptoClient(expired.key, { remoteOnly: true });
    const result = await works(remote.unwrapKey("RSA-OAEP-256", expired.ciphertext), "unwrapKey (expired)");
    assert.deepEqual(Buffer.from(result.result), plaintext);
  });

  it("verify works with an expired key", async () => {
    const { client: remote } = cryptoClient(expired.key, { remoteOnly: true });
    assert.equal((await works(remote.verify("PS256", digest, expired.signature), "verify (expired)")).result, true);
  });

  it("verify works with a not-yet-valid key", async () => {
    const { client: remote } = cryptoClient(early.ec, { remoteOnly: true });
    assert.equal((await works(remote.verify("ES256", digest, early.signature), "verify (not yet valid)")).result, true);
  });

  it("unwrapKey works with a not-yet-valid key", async () => {
    const { client: remote } = cryptoClient(early.oct, { remoteOnly: true });
    const result = await works(remote.unwrapKey("A256KW", early.wrapped), "unwrapKey (not yet valid)");
    assert.deepEqual(Buffer.from(result.result), plaintext);
  });

  it("decrypt works with a not-yet-valid key", async () => {
    const { client: remote } = cryptoClient(early.oct, { remoteOnly: true });
    const result = await works(
      remote.decrypt({ algorithm: "A256GCM", ciphertext: early.sealed, iv: early.iv, authenticationTag: early.tag }),
      "decrypt (not yet valid)",
    );
    assert.deepEqual(Buffer.from(result.result), plaintext);
  });

  it("encrypt, wrapKey and sign stay 403 Forbidden outside nbf/exp", async () => {
    const { client: old } = cryptoClient(expired.key, { remoteOnly: true });
    for (const attempt of [
      () => old.encrypt({ algorithm: "RSA-OAEP-256", plaintext }),
      () => old.wrapKey("RSA-OAEP", plaintext),
      () => old.sign("RS256", digest),
    ]) {
      assert.equal(innerCode(await assertRestError(attempt(), 403, "Forbidden")), "KeyExpired");
    }
    const { client: ec } = cryptoClient(early.ec, { remoteOnly: true });
    assert.equal(innerCode(await assertRestError(ec.sign("ES256", digest), 403, "Forbidden")), "KeyNotYetValid");
    const { client: oct } = cryptoClient(early.oct, { remoteOnly: true });
    assert.equal(innerCode(await assertRestError(oct.wrapKey("A256KW", plaintext), 403, "Forbidden")), "KeyNotYetValid");
    assert.equal(innerCode(await assertRestError(oct.encrypt({ algorithm: "A256GCM", plaintext }), 403, "Forbidden")), "KeyNotYetValid");
  });
});

describe("HSM key types", { timeout: 60_000 }, () => {
  it("RSA-HSM, EC-HSM and oct-HSM keys sign, encrypt and wrap like their software twins", async () => {
    const [rsa, ec, oct] = await Promise.all([
      client.createRsaKey(track(uniqueName("jsc-rsa-hsm")), { hsm: true, keySize: 2048 }),
      client.createEcKey(track(uniqueName("jsc-ec-hsm")), { hsm: true, curve: "P-256K" }),
      client.createOctKey(track(uniqueName("jsc-oct-hsm")), { hsm: true, keySize: 192 }),
    ]);
    assert.deepEqual([rsa.keyType, ec.keyType, oct.keyType], ["RSA-HSM", "EC-HSM", "oct-HSM"]);

    const { client: rsaCrypto } = cryptoClient(rsa, { remoteOnly: true });
    const signed = await rsaCrypto.sign("PS512", digestOf("sha512"));
    assert.ok(nodeVerify("sha512", data, nodeVerifyOptions(publicKeyFromJwk(rsa.key), { pss: true, hash: "sha512" }), Buffer.from(signed.result)));
    const plaintext = randomBytes(24);
    const encrypted = await rsaCrypto.encrypt({ algorithm: "RSA-OAEP", plaintext });
    assert.deepEqual(Buffer.from((await rsaCrypto.decrypt({ algorithm: "RSA-OAEP", ciphertext: encrypted.result })).result), plaintext);

    const { client: ecCrypto } = cryptoClient(ec);
    const ecSigned = await ecCrypto.sign("ES256K", digestOf("sha256"));
    assert.ok(nodeVerify("sha256", data, { key: publicKeyFromJwk(ec.key), dsaEncoding: "ieee-p1363" }, Buffer.from(ecSigned.result)));

    const { client: octCrypto } = cryptoClient(oct);
    const wrapped = await octCrypto.wrapKey("A192KW", plaintext);
    assert.deepEqual(Buffer.from((await octCrypto.unwrapKey("A192KW", wrapped.result)).result), plaintext);
    const sealed = await octCrypto.encrypt({ algorithm: "A192GCM", plaintext });
    const opened = await octCrypto.decrypt({ algorithm: "A192GCM", ciphertext: sealed.result, iv: sealed.iv, authenticationTag: sealed.authenticationTag });
    assert.deepEqual(Buffer.from(opened.result), plaintext);
  });
});

describe("versions and key ids", { timeout: 60_000 }, () => {
  it("an older version's id keeps signing with that version after a rotation", async () => {
    const name = track(uniqueName("jsc-rot"));
    const first = await client.createEcKey(name, { curve: "P-256" });
    const second = await client.rotateKey(name);
    const { client: crypto, recorder } = cryptoClient(first.id);
    const signed = await crypto.sign("ES256", digestOf("sha256"));
    assert.equal(signed.keyID, first.id);
    assert.ok(recorder.requests.every((r) => r.path.includes(`/${first.properties.version}`)), JSON.stringify(recorder.requests));
    assert.ok(nodeVerify("sha256", data, { key: publicKeyFromJwk(first.key), dsaEncoding: "ieee-p1363" }, Buffer.from(signed.result)));
    assert.ok(!nodeVerify("sha256", data, { key: publicKeyFromJwk(second.key), dsaEncoding: "ieee-p1363" }, Buffer.from(signed.result)));
  });

  it("a versionless id (KeyClient.getCryptographyClient) works on the latest version", async () => {
    const key = keys.ec["P-384"];
    const crypto = client.getCryptographyClient(key.name);
    const signed = await crypto.sign("ES384", digestOf("sha384"));
    assert.ok(nodeVerify("sha384", data, { key: publicKeyFromJwk(key.key), dsaEncoding: "ieee-p1363" }, Buffer.from(signed.result)));
    assert.equal((await crypto.verify("ES384", digestOf("sha384"), signed.result)).result, true);

    // Remote-only with a versionless id: the SDK sends POST /keys/{name}//sign (empty version).
    const { client: remote, recorder } = cryptoClient(`${env.vaultUrl}/keys/${key.name}`, { remoteOnly: true });
    const remoteSigned = await remote.sign("ES384", digestOf("sha384"));
    assertSent(recorder, "sign");
    assert.ok(nodeVerify("sha384", data, { key: publicKeyFromJwk(key.key), dsaEncoding: "ieee-p1363" }, Buffer.from(remoteSigned.result)));
  });
});

describe("operation errors", { timeout: 60_000 }, () => {
  it("403 Forbidden (KeyDisabled) for an operation on a disabled key", async () => {
    const name = track(uniqueName("jsc-disabled"));
    const key = await client.createEcKey(name, { curve: "P-256" });
    const disabled = await client.updateKeyProperties(name, key.properties.version, { enabled: false });
    // The SDK does not check `enabled` itself: the request reaches the service.
    const { client: crypto, recorder } = cryptoClient(disabled);
    const error = await assertRestError(crypto.sign("ES256", digestOf("sha256")), 403, "Forbidden");
    assert.equal(innerCode(error), "KeyDisabled");
    assert.equal(recorder.posts("sign")[0]?.status, 403);
    await assertRestError(crypto.verify("ES256", digestOf("sha256"), randomBytes(64)), 403, "Forbidden");

    const octName = track(uniqueName("jsc-disabled-oct"));
    const oct = await client.createOctKey(octName, { keySize: 256, enabled: false });
    const { client: octCrypto } = cryptoClient(oct);
    await assertRestError(octCrypto.encrypt({ algorithm: "A256GCM", plaintext: randomBytes(8) }), 403, "Forbidden");
    await assertRestError(octCrypto.wrapKey("A256KW", randomBytes(32)), 403, "Forbidden");

    await client.updateKeyProperties(name, key.properties.version, { enabled: true });
    const { client: again } = cryptoClient(key);
    assert.equal((await again.sign("ES256", digestOf("sha256"))).result.length, 64, "usable once enabled again");
  });

  it("403 Forbidden (KeyExpired, KeyNotYetValid) outside the key's validity", async () => {
    const expired = await client.createEcKey(track(uniqueName("jsc-expired")), {
      curve: "P-256",
      notBefore: secondsFromNow(-7200),
      expiresOn: secondsFromNow(-3600),
    });
    // The SDK refuses locally when it holds the key...
    const { client: local, recorder } = cryptoClient(expired);
    await assert.rejects(local.sign("ES256", digestOf("sha256")), /expired/);
    assert.equal(recorder.requests.length, 0);
    // ...so ask the service in remote-only mode.
    const { client: remote } = cryptoClient(expired, { remoteOnly: true });
    const error = await assertRestError(remote.sign("ES256", digestOf("sha256")), 403, "Forbidden");
    assert.equal(innerCode(error), "KeyExpired");

    const future = await client.createOctKey(track(uniqueName("jsc-future")), { keySize: 128, notBefore: secondsFromNow(3600) });
    const { client: early } = cryptoClient(future, { remoteOnly: true });
    const notYet = await assertRestError(early.encrypt({ algorithm: "A128GCM", plaintext: randomBytes(8) }), 403, "Forbidden");
    assert.equal(innerCode(notYet), "KeyNotYetValid");
  });

  it("403 Forbidden (KeyOperationForbidden) for an operation not in key_ops", async () => {
    const key = await client.createRsaKey(track(uniqueName("jsc-ops")), { keySize: 2048, keyOps: ["sign", "verify"] });
    const { client: local, recorder } = cryptoClient(key);
    await assert.rejects(local.decrypt({ algorithm: "RSA-OAEP", ciphertext: randomBytes(256) }), /not supported/);
    assert.equal(recorder.requests.length, 0, "the SDK refused locally");

    const { client: remote } = cryptoClient(key, { remoteOnly: true });
    for (const attempt of [
      () => remote.encrypt({ algorithm: "RSA-OAEP-256", plaintext: randomBytes(16) }),
      () => remote.decrypt({ algorithm: "RSA-OAEP", ciphertext: randomBytes(256) }),
      () => remote.wrapKey("RSA-OAEP", randomBytes(32)),
      () => remote.unwrapKey("RSA-OAEP", randomBytes(256)),
    ]) {
      const error = await assertRestError(attempt(), 403, "Forbidden");
      assert.equal(innerCode(error), "KeyOperationForbidden");
    }
    assert.equal((await remote.sign("RS256", digestOf("sha256"))).result.length, 256, "sign is allowed");

    // Taking an operation away by update takes effect at once.
    await client.updateKeyProperties(key.name, key.properties.version, { keyOps: ["verify"] });
    const error = await assertRestError(remote.sign("RS256", digestOf("sha256")), 403, "Forbidden");
    assert.equal(innerCode(error), "KeyOperationForbidden");
  });

  it("400 BadParameter for an algorithm the key cannot do", async () => {
    const { client: rsa } = cryptoClient(keys.rsa[2048], { remoteOnly: true });
    await assertRestError(rsa.sign("ES256", digestOf("sha256")), 400, "BadParameter");
    await assertRestError(rsa.encrypt({ algorithm: "A256GCM", plaintext: randomBytes(16) }), 400, "BadParameter");
    await assertRestError(rsa.wrapKey("A256KW", randomBytes(32)), 400, "BadParameter");

    const { client: ec } = cryptoClient(keys.ec["P-256"], { remoteOnly: true });
    await assertRestError(ec.sign("RS256", digestOf("sha256")), 400, "BadParameter");
    await assertRestError(ec.sign("ES384", digestOf("sha384")), 400, "BadParameter");
    await assertRestError(ec.sign("ES256K", digestOf("sha256")), 400, "BadParameter");

    const { client: oct } = cryptoClient(keys.oct[128]);
    await assertRestError(oct.encrypt({ algorithm: "RSA-OAEP", plaintext: randomBytes(16) }), 400, "BadParameter");
    await assertRestError(oct.encrypt({ algorithm: "A256GCM", plaintext: randomBytes(16) }), 400, "BadParameter");
    await assertRestError(oct.wrapKey("A256KW", randomBytes(32)), 400, "BadParameter");
    await assertRestError(oct.wrapKey("A128GCM", randomBytes(32)), 400, "BadParameter");
    await assertRestError(oct.encrypt({ algorithm: "A128KW", plaintext: randomBytes(16) }), 400, "BadParameter");
  });

  it("400 BadParameter for a digest of the wrong length", async () => {
    const { client: rsa } = cryptoClient(keys.rsa[2048]);
    await assertRestError(rsa.sign("RS256", randomBytes(20)), 400, "BadParameter");
    await assertRestError(rsa.sign("PS512", digestOf("sha256")), 400, "BadParameter");
    const { client: ec } = cryptoClient(keys.ec["P-256"]);
    await assertRestError(ec.sign("ES256", digestOf("sha384")), 400, "BadParameter");
  });

  it("404 KeyNotFound for a missing key, a missing version and a deleted key", async () => {
    const missing = `${env.vaultUrl}/keys/${uniqueName("jsc-missing")}`;
    // From an id, the SDK first reads the key.
    const { client: crypto, recorder } = cryptoClient(missing);
    await assertRestError(crypto.sign("ES256", digestOf("sha256")), 404, "KeyNotFound");
    assert.equal(recorder.requests[0]?.method, "GET");
    const { client: remote } = cryptoClient(`${missing}/0123456789abcdef0123456789abcdef`, { remoteOnly: true });
    await assertRestError(remote.sign("ES256", digestOf("sha256")), 404, "KeyNotFound");

    const existing = keys.ec["P-256"];
    const { client: noVersion } = cryptoClient(`${env.vaultUrl}/keys/${existing.name}/0123456789abcdef0123456789abcdef`, { remoteOnly: true });
    await assertRestError(noVersion.sign("ES256", digestOf("sha256")), 404, "KeyNotFound");

    const name = track(uniqueName("jsc-deleted"));
    const key = await client.createOctKey(name, { keySize: 128 });
    await (await client.beginDeleteKey(name, fastPoll)).pollUntilDone();
    const { client: gone } = cryptoClient(key);
    await assertRestError(gone.encrypt({ algorithm: "A128GCM", plaintext: randomBytes(8) }), 404, "KeyNotFound");
  });
});
