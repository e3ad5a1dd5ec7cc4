import { describe, expect, it } from 'vitest';
import { spreadConnections, startFlags, variantArgs } from '../../../bench/rss.js';

describe('rss bench connections', () => {
  it('spreads the connections over the loads of a phase, the first ones taking the remainder', () => {
    expect(spreadConnections(1, 8)).toEqual([8]);
    expect(spreadConnections(3, 8)).toEqual([3, 3, 2]);
    expect(spreadConnections(7, 8)).toEqual([2, 1, 1, 1, 1, 1, 1]);
  });

  it('gives every load at least one connection', () => {
    expect(spreadConnections(9, 8)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('rss bench variants', () => {
  it('runs every variant with npm start\'s node flags first, so its own flags win', () => {
    expect(startFlags().length).toBeGreaterThan(0);
    expect(startFlags().every((flag) => flag.startsWith('--'))).toBe(true);
    expect(variantArgs([])).toEqual(startFlags());
    expect(variantArgs(['--max-semi-space-size=4', 'MALLOC_ARENA_MAX=1'])).toEqual([...startFlags(), '--max-semi-space-size=4', 'MALLOC_ARENA_MAX=1']);
  });

  it('leaves npm start\'s flags out for a variant saying node-defaults', () => {
    expect(variantArgs(['node-defaults'])).toEqual([]);
    expect(variantArgs(['--max-semi-space-size=4', 'node-defaults'])).toEqual(['--max-semi-space-size=4']);
  });
});
