// pageFrom: page and size parameters are bounded by limits.pageNumber and limits.pageSize (a 400 naming the limit), so
// no offset sent to the database ever overflows (GET /pacticipants?page=1e20 was a 500).
import { describe, expect, it } from 'vitest';
import { pageFrom } from '../../../src/http/schemas.js';
import { DomainError } from '../../../src/shared/errors.js';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';

const limits = { ...DEFAULT_LIMITS, pageNumber: 10, pageSize: 5 };

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('pageFrom', () => {
  it('within the limits: offset and limit', () => {
    expect(pageFrom({}, limits)).toEqual({ paged: false, number: 1, size: 5, offset: 0, limit: 5 });
    expect(pageFrom({ page: 10, size: 5 }, limits)).toEqual({ paged: true, number: 10, size: 5, offset: 45, limit: 5 });
    expect(pageFrom({ pageNumber: 2, pageSize: 3 }, limits, 100)).toMatchObject({ offset: 3, limit: 3 });
  });

  it('a page number or size over its limit is a validation error naming the limit, its variable and the value', () => {
    const page = refusal(() => pageFrom({ page: 1e20 }, limits));
    expect(page.code).toBe('validation');
    expect(page.fields).toEqual({ page: ['has 100000000000000000000 as the page number, more than the limit of 10 (pageNumber; set by TREATY_MAX_PAGE_NUMBER)'] });
    expect(refusal(() => pageFrom({ pageNumber: 11 }, limits)).fields).toHaveProperty('pageNumber');
    expect(refusal(() => pageFrom({ size: 6 }, limits)).fields).toEqual({ size: ['has 6 items per page, more than the limit of 5 (pageSize; set by TREATY_MAX_PAGE_SIZE)'] });
    expect(refusal(() => pageFrom({ pageSize: 6 }, limits)).fields).toHaveProperty('pageSize');
  });
});
