import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groupPacts, parsePact, readPacts } from '../../../cli/shared/pact-files.js';

const dir = mkdtempSync(join(tmpdir(), 'treaty-cli-pacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pact = (consumer: string, provider: string, description: string) => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: [{ description }],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

describe('pact files', () => {
  it('says why a file is not a pact', () => {
    expect(() => parsePact('a.json', '{nope')).toThrow(/^a\.json is not valid JSON/);
    expect(() => parsePact('a.json', '[]')).toThrow('a.json is not a pact: expected a JSON object');
    expect(() => parsePact('a.json', '{"provider":{"name":"p"}}')).toThrow('a.json is not a pact: consumer.name is missing');
  });

  it('merges the interactions of several files for one pair', () => {
    const groups = groupPacts([
      { path: 'a', consumer: 'web', provider: 'orders', content: pact('web', 'orders', 'one') },
      { path: 'b', consumer: 'web', provider: 'orders', content: pact('web', 'orders', 'two') },
      { path: 'c', consumer: 'web', provider: 'stock', content: pact('web', 'stock', 'three') },
    ]);
    expect(groups.map((g) => [g.provider, g.files, (g.content.interactions as unknown[]).length])).toEqual([
      ['orders', ['a', 'b'], 2],
      ['stock', ['c'], 1],
    ]);
  });

  it('reads a directory, and refuses an empty one or a missing path (exit 3)', () => {
    writeFileSync(join(dir, 'web-orders.json'), JSON.stringify(pact('web', 'orders', 'one')));
    writeFileSync(join(dir, 'notes.txt'), 'not a pact');
    expect(readPacts([dir]).map((g) => g.provider)).toEqual(['orders']);
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(() => readPacts([empty])).toThrow(`No pact files (*.json) in ${empty}`);
    expect(() => readPacts([join(dir, 'missing')])).toThrow('No such file or directory');
  });
});
