// Sealing webhook secrets at rest: AES-256-GCM (node:crypto) under TREATY_SECRETS_KEY, a random 12-byte IV per seal,
// and the secret's name as associated data, so a sealed value copied onto another name (or tampered with) fails to
// open instead of being sent under the wrong name. Layout: iv (12) ‖ auth tag (16) ‖ ciphertext.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const SECRETS_KEY_VARIABLE = 'TREATY_SECRETS_KEY';
export const SECRETS_KEY_HINT = `set ${SECRETS_KEY_VARIABLE} to 32 random bytes, base64 or hex (e.g. \`openssl rand -base64 32\`) and restart Treaty`;

/** The key as written in the environment: 64 hex digits, or base64/base64url of 32 bytes. Throws a readable error. */
export function parseSecretsKey(text: string): Buffer {
  const value = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key?.length !== KEY_BYTES) {
    throw new Error(
      `must be 32 bytes written as 64 hex digits or 44 base64 characters (got ${value.length} characters); e.g. \`openssl rand -base64 32\``,
    );
  }
  return key;
}

export class SecretBoxError extends Error {}

/** Encrypts a value for the given name; each call uses a fresh IV. */
export function seal(key: Buffer, name: string, value: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Decrypts a sealed value; a wrong key, wrong name or any altered byte throws SecretBoxError. */
export function open(key: Buffer, name: string, sealed: Buffer): string {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('the sealed value is truncated');
  const decipher = createDecipheriv(ALGORITHM, key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(name, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the sealed value does not open with this key and name');
  }
}
