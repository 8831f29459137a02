// Cross-implementation check: this project's BLS12-381, EIP-191 and BIP-340 code (through
// interop_helper) against @noble/curves and @noble/hashes, in both directions.
// Usage: node crosscheck.mjs <interop_helper binary> <node_modules folder with @noble/*>
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [helper, modules] = process.argv.slice(2);
if (!helper || !modules) {
  console.error('usage: node crosscheck.mjs <interop_helper> <node_modules>');
  process.exit(2);
}
const load = (file) => import(pathToFileURL(join(modules, file)).href);
const { bls12_381 } = await load('@noble/curves/bls12-381.js');
const { secp256k1, schnorr } = await load('@noble/curves/secp256k1.js');
const { bytesToHex, hexToBytes } = await load('@noble/curves/utils.js');
const { keccak_256 } = await load('@noble/hashes/sha3.js');

// Ciphersuite of draft-irtf-cfrg-bls-signature-05 §4.2.3 (proof of possession, min-pubkey).
const SIG_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
const POP_DST = 'BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
const bls = bls12_381.longSignatures;  // public keys in G1, signatures in G2

const ours = (...args) => execFileSync(helper, args, { encoding: 'utf8' }).trim().split('\n');
const text = (s) => new TextEncoder().encode(s);
const hex = (bytes) => bytesToHex(bytes);

let passed = 0;
let failed = 0;
function check(name, condition) {
  if (condition) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}`);
  }
}

// ---- BLS: ours -> noble ----
{
  const seed = '11'.repeat(32);
  const message = text('quorum certificate, view 12');
  const [pk, sig, pop] = ours('bls-sign', seed, '3', hex(message));
  const key = bls12_381.G1.Point.fromHex(pk);
  check('noble verifies our BLS signature', bls.verify(bls.Signature.fromHex(sig),
        bls.hash(message, SIG_DST), key));
  check('noble rejects our BLS signature on another message',
        !bls.verify(bls.Signature.fromHex(sig), bls.hash(text('other'), SIG_DST), key));
  check('noble verifies our proof of possession', bls.verify(bls.Signature.fromHex(pop),
        bls.hash(hexToBytes(pk), POP_DST), key));
}

// ---- BLS: noble -> ours ----
{
  const message = text('block header commitment');
  const secrets = [1, 2, 3].map((i) => {
    const s = new Uint8Array(32);
    s[31] = i * 7;
    s[0] = 0x1f;
    return s;
  });
  const keys = secrets.map((s) => bls.getPublicKey(s));
  const sigs = secrets.map((s) => bls.sign(bls.hash(message, SIG_DST), s));
  const keyHex = keys.map((k) => hex(k.toBytes()));
  const sigHex = sigs.map((s) => bls.Signature.toHex(s));
  check('we verify a noble BLS signature',
        ours('bls-verify', keyHex[0], hex(message), sigHex[0])[0] === 'valid');
  check('we reject a noble BLS signature under another key',
        ours('bls-verify', keyHex[1], hex(message), sigHex[0])[0] === 'invalid');
  check('we reject a noble BLS signature on another message',
        ours('bls-verify', keyHex[0], hex(text('x')), sigHex[0])[0] === 'invalid');
  const popSig = bls.sign(bls.hash(keys[0].toBytes(), POP_DST), secrets[0]);
  check('we verify a noble proof of possession',
        ours('bls-verify-pop', keyHex[0], bls.Signature.toHex(popSig))[0] === 'valid');
  check('we reject a noble message signature as a proof of possession',
        ours('bls-verify-pop', keyHex[0], sigHex[0])[0] === 'invalid');
  const aggregate = bls.Signature.toHex(bls.aggregateSignatures(sigs));
  check('we verify a noble aggregate signature of 3 signers',
        ours('bls-aggregate-verify', hex(message), aggregate, ...keyHex)[0] === 'valid');
  check('we reject that aggregate with a signer missing',
        ours('bls-aggregate-verify', hex(message), aggregate, keyHex[0], keyHex[1])[0] === 'invalid');
}

// ---- EIP-191 with secp256k1 + Keccak-256 ----
const eip191 = (message) => keccak_256(new Uint8Array([
  ...text(`\x19Ethereum Signed Message:\n${message.length}`), ...message]));
const addressOf = (publicKey) => {
  const uncompressed = secp256k1.Point.fromBytes(publicKey).toBytes(false).slice(1);
  return hex(keccak_256(uncompressed).slice(-20));
};
const lower = (address) => address.toLowerCase().replace(/^0x/, '');
{
  const keyOne = '00'.repeat(31) + '01';
  const message = text('hello espresso');
  const [address, signature] = ours('eth-sign', keyOne, hex(message));
  check('key 0x..01 has address 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf',
        address === '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf');
  const sig = hexToBytes(signature);
  // noble's 'recovered' form puts the recovery id first: [id, r, s].
  const recovered = new Uint8Array([sig[64] - 27, ...sig.slice(0, 64)]);
  const publicKey = secp256k1.recoverPublicKey(recovered, eip191(message), { prehash: false });
  check('noble recovers our EIP-191 signer', addressOf(publicKey) === lower(address));
  check('noble verifies our EIP-191 signature',
        secp256k1.verify(sig.slice(0, 64), eip191(message), publicKey, { prehash: false }));

  for (const secret of [hexToBytes(keyOne), secp256k1.utils.randomSecretKey()]) {
    const nobleSig = secp256k1.sign(eip191(message), secret, { prehash: false, format: 'recovered' });
    const rsv = new Uint8Array([...nobleSig.slice(1), nobleSig[0] + 27]);
    const expected = addressOf(secp256k1.getPublicKey(secret));
    check(`we recover the signer of a noble EIP-191 signature (${expected.slice(0, 8)}...)`,
          lower(ours('eth-recover', hex(message), hex(rsv))[0]) === expected);
    check('we recover someone else for a noble signature of another message',
          lower(ours('eth-recover', hex(text('other')), hex(rsv))[0]) !== expected);
  }
}

// ---- BIP-340 Schnorr (state keys) ----
{
  const secret = secp256k1.utils.randomSecretKey();
  const message = text('light client state, block 9');
  const [publicKey, signature] = ours('schnorr-sign', hex(secret), hex(message));
  check('our Schnorr public key matches noble\'s', publicKey === hex(schnorr.getPublicKey(secret)));
  check('noble verifies our Schnorr signature',
        schnorr.verify(hexToBytes(signature), message, hexToBytes(publicKey)));
  const nobleSig = schnorr.sign(message, secret);
  check('we verify a noble Schnorr signature',
        ours('schnorr-verify', publicKey, hex(message), hex(nobleSig))[0] === 'valid');
  check('we reject a noble Schnorr signature on another message',
        ours('schnorr-verify', publicKey, hex(text('x')), hex(nobleSig))[0] === 'invalid');
}

console.log(`interop: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
