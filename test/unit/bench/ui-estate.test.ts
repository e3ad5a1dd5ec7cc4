import { describe, expect, it } from 'vitest';
import { uiEstateLayout } from '../../../bench/ui-estate.js';

describe('ui bench estate', () => {
  it('has exactly the asked integrations, none to itself, none twice', () => {
    const { names, pairs } = uiEstateLayout(200, 1000);
    expect(names).toHaveLength(200);
    expect(pairs).toHaveLength(1000);
    expect(pairs.every(([c, p]) => c !== p)).toBe(true);
    expect(new Set(pairs.map(([c, p]) => `${c}>${p}`)).size).toBe(1000);
    // every pacticipant takes part
    expect(new Set(pairs.flat()).size).toBe(200);
  });

  it('fills dense estates and refuses impossible ones', () => {
    expect(uiEstateLayout(4, 12).pairs).toHaveLength(12);
    expect(() => uiEstateLayout(4, 13)).toThrow(/at most 12/);
  });
});
