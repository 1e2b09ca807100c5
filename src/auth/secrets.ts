import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Refresh tokens and API key secrets are 256 random bits, so a fast hash is
 * enough to keep them out of the database (unlike passwords, which need argon2).
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Compares two hex hashes without leaking, through timing, how much of them matched. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `lsr_<session id, 32 hex>_<64 hex>`: the session id finds the row, so a rotated token is recognised as reuse. */
const REFRESH_TOKEN = /^lsr_([0-9a-f]{32})_[0-9a-f]{64}$/;

export function newRefreshToken(sessionId: string): string {
  return `lsr_${sessionId.replace(/-/g, '')}_${randomHex(32)}`;
}

/** The session id inside a well-formed refresh token, or undefined. */
export function sessionIdOfRefreshToken(token: string): string | undefined {
  const hex = REFRESH_TOKEN.exec(token)?.[1];
  if (!hex) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `lsn_<prefix, 8 hex>_<64 hex>`: the prefix finds the row, the hash of the whole secret proves it. */
const API_KEY_SECRET = /^lsn_([0-9a-f]{8})_[0-9a-f]{64}$/;

export function newApiKeySecret(): { prefix: string; secret: string } {
  const prefix = randomHex(4);
  return { prefix, secret: `lsn_${prefix}_${randomHex(32)}` };
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith('lsn_');
}

/** The prefix of a well-formed API key secret, or undefined. */
export function prefixOfApiKey(secret: string): string | undefined {
  return API_KEY_SECRET.exec(secret)?.[1];
}
