// Reading the Authorization header and comparing secrets. Pure functions: the hook (src/http/authorization.ts) and
// the token service use them; nothing here touches a request or the database.
import { createHash, timingSafeEqual } from 'node:crypto';

export type Credential = { scheme: 'basic'; username: string; password: string } | { scheme: 'bearer'; token: string };

/** Why a header could not be used; logged (never the secret) and turned into a 401. */
export type MalformedCredential = { scheme: 'malformed'; reason: string };

/** Longer headers are refused before any decoding or hashing: no credential of ours comes close. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// RFC 6750 b64token: what a bearer token may contain.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * `Basic <base64(user:password)>` (RFC 7617, UTF-8) or `Bearer <token>` (RFC 6750); scheme names are
 * case-insensitive. undefined when there is no header; `malformed` for anything else, so the caller answers 401.
 */
export function parseAuthorization(header: string | undefined): Credential | MalformedCredential | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (header.length > MAX_AUTHORIZATION_LENGTH) return { scheme: 'malformed', reason: 'header too long' };
  const match = /^([A-Za-z]+) +(\S+) *$/.exec(header);
  if (!match) return { scheme: 'malformed', reason: 'not "<scheme> <credentials>"' };
  const scheme = match[1]!.toLowerCase();
  const value = match[2]!;
  if (scheme === 'bearer') {
    return B64TOKEN.test(value) ? { scheme: 'bearer', token: value } : { scheme: 'malformed', reason: 'bearer token has characters outside RFC 6750' };
  }
  if (scheme !== 'basic') return { scheme: 'malformed', reason: `unsupported scheme ${scheme.slice(0, 20)}` };
  if (!BASE64.test(value) || value.length % 4 === 1) return { scheme: 'malformed', reason: 'basic credentials are not base64' };
  const decoded = Buffer.from(value, 'base64');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(decoded);
  } catch {
    return { scheme: 'malformed', reason: 'basic credentials are not UTF-8' };
  }
  // A user name cannot contain a colon (RFC 7617); the password may. Control characters are never part of either.
  const colon = text.indexOf(':');
  if (colon === -1) return { scheme: 'malformed', reason: 'basic credentials have no colon' };
  if (/[\u0000-\u001f\u007f]/.test(text)) return { scheme: 'malformed', reason: 'basic credentials contain control characters' };
  return { scheme: 'basic', username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function sha256(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Equality whose time does not depend on where the strings differ nor on their lengths: both sides are hashed to
 * 32 bytes first, so timingSafeEqual always compares equal-length buffers and a length mismatch leaks nothing.
 */
export function secretsEqual(given: string, expected: string): boolean {
  // NFC on both sides: a password typed on one keyboard may arrive composed, on another decomposed.
  return timingSafeEqual(sha256(given.normalize('NFC')), sha256(expected.normalize('NFC')));
}
