import { createHash, createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe. Used for session ids, handoff tokens, CSRF seeds and API tokens. */
// 32-byte tokens are cut from a pool filled 128 at a time (one call into the CSPRNG instead of one per token, as
// Node does for randomUUID); each is wiped from the pool as it is handed out.
const TOKEN_BYTES = 32;
const tokenPool = Buffer.alloc(TOKEN_BYTES * 128);
let tokenPoolAt = tokenPool.length;

export function randomToken(bytes = TOKEN_BYTES): string {
  if (bytes !== TOKEN_BYTES) return randomBytes(bytes).toString('base64url');
  if (tokenPoolAt === tokenPool.length) {
    randomFillSync(tokenPool);
    tokenPoolAt = 0;
  }
  const token = tokenPool.toString('base64url', tokenPoolAt, tokenPoolAt + TOKEN_BYTES);
  tokenPool.fill(0, tokenPoolAt, tokenPoolAt + TOKEN_BYTES);
  tokenPoolAt += TOKEN_BYTES;
  return token;
}

/** What we store instead of a secret: its SHA-256, hex. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const hmac = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url');

/** Constant-time string comparison for secrets. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
