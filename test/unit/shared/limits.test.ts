import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/shared/errors.js';
import { checkLimit, DEFAULT_LIMITS, LIMIT_SETTINGS, limitProblem } from '../../../src/shared/limits.js';

describe('request limits', () => {
  it('accepts values up to the limit and names the limit, its variable and the value above it', () => {
    expect(limitProblem(DEFAULT_LIMITS, 'tagsPerRequest', 100)).toBeUndefined();
    const problem = limitProblem(DEFAULT_LIMITS, 'tagsPerRequest', 20_000, 'tags');
    expect(problem).toContain('20000 tags');
    expect(problem).toContain('limit of 100');
    expect(problem).toContain('TREATY_MAX_TAGS_PER_REQUEST');
  });

  it('checkLimit throws a validation error on the field', () => {
    expect(() => checkLimit(DEFAULT_LIMITS, 'selectorsPerRequest', 'consumerVersionSelectors', 101)).toThrow(DomainError);
    try {
      checkLimit(DEFAULT_LIMITS, 'selectorsPerRequest', 'consumerVersionSelectors', 101);
    } catch (error) {
      expect((error as DomainError).code).toBe('validation');
      expect((error as DomainError).fields).toEqual({ consumerVersionSelectors: [expect.stringContaining('101')] });
    }
  });

  it('every limit is documented in the README with its variable and default', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const [name, setting] of Object.entries(LIMIT_SETTINGS)) {
      expect(readme).toMatch(new RegExp(`\\| \`${name}\` \\| \`${setting.variable}\` \\| \`${setting.default}\` \\|`));
    }
  });
});
