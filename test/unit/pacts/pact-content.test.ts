import { describe, expect, it } from 'vitest';
import { canonicalJson, contentSha, interactionId, mergePacts, withInteractionIds, type PactDocument } from '../../../src/pacts/pact-content.js';
import { pactDocument } from '../../support/pacts.js';

const pact = (interactions = ['a', 'b']) => pactDocument({ consumer: 'Foo', provider: 'Bar', interactions }) as unknown as PactDocument;

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});

describe('contentSha', () => {
  it('ignores key order, interaction order, metadata other than the spec version, names and _id', () => {
    const base = pact();
    const reordered = { ...base, interactions: [...(base.interactions as object[])].reverse() } as PactDocument;
    const withMetadata = { ...base, metadata: { ...(base.metadata as object), pactRust: { ffi: '0.4.0' } } } as PactDocument;
    const withIds = withInteractionIds(base);
    const keyOrder = JSON.parse(JSON.stringify({ metadata: base.metadata, interactions: base.interactions, provider: base.provider, consumer: base.consumer })) as PactDocument;
    const sha = contentSha(base);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    for (const variant of [reordered, withMetadata, withIds, keyOrder]) expect(contentSha(variant)).toBe(sha);
  });

  it('changes with interactions and with the specification version', () => {
    const sha = contentSha(pact());
    expect(contentSha(pact(['a', 'c']))).not.toBe(sha);
    expect(contentSha(pactDocument({ consumer: 'Foo', provider: 'Bar', interactions: ['a', 'b'], spec: '3.0.0' }) as never)).not.toBe(sha);
  });

  it('covers message pacts', () => {
    const a = { consumer: { name: 'C' }, provider: { name: 'P' }, messages: [{ description: 'x', contents: { a: 1 } }] } as unknown as PactDocument;
    const b = { ...a, messages: [{ description: 'x', contents: { a: 2 } }] } as unknown as PactDocument;
    expect(contentSha(a)).not.toBe(contentSha(b));
  });
});

describe('withInteractionIds', () => {
  it('adds a stable _id to every interaction without changing the rest', () => {
    const withIds = withInteractionIds(pact());
    const interactions = withIds.interactions as Array<Record<string, unknown>>;
    expect(interactions.every((i) => typeof i._id === 'string' && (i._id as string).length === 40)).toBe(true);
    expect(interactions[0]!._id).toBe(interactionId((pact().interactions as object[])[0] as never));
    expect(interactions[0]!._id).not.toBe(interactions[1]!._id);
  });
});

describe('mergePacts', () => {
  it('adds new interactions and replaces one whose only change is the response', () => {
    const existing = pact(['a']);
    const incoming = pact(['a', 'b']);
    (incoming.interactions as Array<Record<string, unknown>>)[0]!.response = { status: 201 };
    const result = mergePacts(existing, incoming);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const merged = result.pact.interactions as Array<Record<string, unknown>>;
    expect(merged.map((i) => i.description)).toEqual(['a', 'b']);
    expect(merged[0]!.response).toEqual({ status: 201 });
  });

  it('refuses an interaction with the same description and state but a different request', () => {
    const incoming = pact(['a']);
    (incoming.interactions as Array<Record<string, unknown>>)[0]!.request = { method: 'POST', path: '/other' };
    expect(mergePacts(pact(['a']), incoming)).toEqual({ ok: false, descriptions: ['a'] });
  });
});
