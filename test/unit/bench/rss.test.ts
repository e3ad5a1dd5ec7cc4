import { describe, expect, it } from 'vitest';
import { spreadConnections } from '../../../bench/rss.js';

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
