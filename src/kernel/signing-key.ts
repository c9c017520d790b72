import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** An Ed25519 key pair for signing; the private half stays in this object and is never serialised by it. */
export interface SigningKey {
  /** Fingerprint of the public key: hex SHA-256 of its SPKI DER, first 32 characters. */
  keyId: string;
  /** The public key as base64 SPKI DER (what exports carry and verifiers read). */
  publicKey: string;
  sign(payload: string): string;
  /** Where the key came from, for messages: the environment or the file in the var folder. */
  source: 'env' | 'file';
}

/** The file, in the var folder, holding the key generated when LOG_SIGNING_KEY is unset. */
export const SIGNING_KEY_FILE = 'log-signing-key.pem';

/** An Ed25519 private key from PEM text or base64 PKCS8 DER; throws a message that never repeats the value. */
export function parseSigningKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    const trimmed = text.trim();
    key = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' })
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('not a private key in PEM or base64 PKCS8 form');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an Ed25519 key is needed, not ${key.asymmetricKeyType ?? 'this kind'}`);
  return key;
}

export const publicKeyDer = (key: KeyObject) => (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });

export const keyIdOf = (spkiDer: Buffer) => createHash('sha256').update(spkiDer).digest('hex').slice(0, 32);

function signingKeyFrom(privateKey: KeyObject, source: SigningKey['source']): SigningKey {
  const der = publicKeyDer(privateKey);
  return {
    keyId: keyIdOf(der),
    publicKey: der.toString('base64'),
    source,
    sign: (payload) => sign(null, Buffer.from(payload), privateKey).toString('base64'),
  };
}

/** Whether `signature` (base64) is `payload` signed by the base64 SPKI public key; false for any malformed input. */
export function verifySignature(publicKey: string, payload: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(payload), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The key from LOG_SIGNING_KEY, or else the one in the var folder, generated on first use (mode 0600). Processes
 * starting together race safely: each writes its own temporary file and links it into place; the link fails for
 * all but the first, and those read the winner's key.
 */
export function loadSigningKey(o: { envKey?: string; varDir: string }): SigningKey {
  if (o.envKey) return signingKeyFrom(parseSigningKey(o.envKey), 'env');
  const file = join(o.varDir, SIGNING_KEY_FILE);
  try {
    return signingKeyFrom(readKeyFile(file), 'file');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(o.varDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return signingKeyFrom(readKeyFile(file), 'file');
}

function readKeyFile(file: string): KeyObject {
  const text = readFileSync(file, 'utf8');
  // Only the owner may read a private key, whatever a copy or restore left behind.
  if (statSync(file).mode & 0o077) chmodSync(file, 0o600);
  try {
    return parseSigningKey(text);
  } catch (err) {
    throw new Error(`The log signing key in ${file} is unusable: ${(err as Error).message}.`);
  }
}
