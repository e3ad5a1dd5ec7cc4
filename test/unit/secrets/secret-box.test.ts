import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { open, parseSecretsKey, seal, SecretBoxError } from '../../../src/secrets/secret-box.js';
import { isSecretName } from '../../../src/secrets/secret-names.js';

const key = randomBytes(32);

describe('secret box (AES-256-GCM, the name as associated data)', () => {
  it('opens what it sealed, for the same name, including unicode and empty values', () => {
    for (const value of ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'päss wörd ✓ 🔑', '', 'x'.repeat(10_000)]) {
      expect(open(key, 'GithubToken', seal(key, 'GithubToken', value))).toBe(value);
    }
  });

  it('uses a fresh IV per seal: the same value seals differently', () => {
    const a = seal(key, 'Token', 'same');
    const b = seal(key, 'Token', 'same');
    expect(a.equals(b)).toBe(false);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
    expect(a.toString('utf8')).not.toContain('same');
  });

  it('refuses a sealed value moved to another name', () => {
    const sealed = seal(key, 'GithubToken', 'value');
    expect(() => open(key, 'SlackToken', sealed)).toThrow(SecretBoxError);
  });

  it('refuses a wrong key', () => {
    expect(() => open(randomBytes(32), 'Token', seal(key, 'Token', 'value'))).toThrow(SecretBoxError);
  });

  it('detects any altered byte (iv, tag or ciphertext) and truncation', () => {
    const sealed = seal(key, 'Token', 'a secret value');
    for (const at of [0, 11, 12, 27, 28, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at] = tampered[at]! ^ 0x01;
      expect(() => open(key, 'Token', tampered), `byte ${at}`).toThrow(SecretBoxError);
    }
    expect(() => open(key, 'Token', sealed.subarray(0, 20))).toThrow(SecretBoxError);
    expect(() => open(key, 'Token', sealed.subarray(0, sealed.length - 1))).toThrow(SecretBoxError);
  });
});

describe('parseSecretsKey', () => {
  it('accepts 32 bytes as hex, base64 and base64url', () => {
    expect(parseSecretsKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseSecretsKey(key.toString('hex').toUpperCase()).equals(key)).toBe(true);
    expect(parseSecretsKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseSecretsKey(` ${key.toString('base64url')}\n`).equals(key)).toBe(true);
  });

  it('refuses other lengths and alphabets with a message saying what is expected', () => {
    for (const bad of ['secret', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), `${key.toString('hex').slice(1)}g`, '!'.repeat(44)]) {
      expect(() => parseSecretsKey(bad), bad).toThrow(/32 bytes.*64 hex digits or 44 base64/);
    }
  });
});

describe('TREATY_SECRETS_KEY in the configuration', () => {
  it('is optional', () => {
    expect(loadConfig({}).secretsKey).toBeUndefined();
    expect(loadConfig({ TREATY_SECRETS_KEY: '  ' }).secretsKey).toBeUndefined();
  });

  it('is parsed, and never enumerable: logging or serialising the config does not show it', () => {
    const hex = key.toString('hex');
    const config = loadConfig({ TREATY_SECRETS_KEY: hex });
    expect(config.secretsKey?.equals(key)).toBe(true);
    expect(Object.keys(config)).not.toContain('secretsKey');
    expect(JSON.stringify(config)).not.toContain(hex);
    expect(JSON.stringify({ ...config })).not.toContain('secretsKey');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('fails start-up with the variable named when malformed, without echoing the value', () => {
    expect(() => loadConfig({ TREATY_SECRETS_KEY: 'hunter2-not-a-key' })).toThrow(/TREATY_SECRETS_KEY: must be 32 bytes/);
    expect(() => loadConfig({ TREATY_SECRETS_KEY: 'hunter2-not-a-key' })).not.toThrow(/hunter2/);
  });
});

describe('secret names', () => {
  it.each([
    ['GithubToken', true],
    ['slack_webhook_2', true],
    ['A', true],
    ['a'.repeat(100), true],
    ['a'.repeat(101), false],
    ['', false],
    ['1token', false],
    ['_token', false],
    ['my-token', false],
    ['my.token', false],
    ['my token', false],
    ['tok}en', false],
    ['tökén', false],
  ])('%s → %s', (name, ok) => expect(isSecretName(name)).toBe(ok));
});
