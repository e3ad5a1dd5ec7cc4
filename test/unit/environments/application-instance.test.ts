import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/shared/limits.js';
import { applicationInstanceOf } from '../../../src/environments/deployments.service.js';
import { DomainError } from '../../../src/shared/errors.js';
import { queryStringOf } from '../../../src/http/urls.js';

const fieldsOf = (input: Parameters<typeof applicationInstanceOf>[0]) => {
  try {
    applicationInstanceOf(input, DEFAULT_LIMITS);
  } catch (error) {
    if (error instanceof DomainError) return error.fields;
    throw error;
  }
  return undefined;
};

describe('applicationInstanceOf (record-deployment body)', () => {
  it.each([
    [{}, null],
    [{ applicationInstance: null }, null],
    [{ target: null }, null],
    [{ applicationInstance: 'blue' }, 'blue'],
    [{ target: 'blue' }, 'blue'],
    [{ applicationInstance: 'blue', target: 'blue' }, 'blue'],
    [{ applicationInstance: 'eu west 1' }, 'eu west 1'],
  ])('%j → %j', (input, expected) => {
    expect(applicationInstanceOf(input, DEFAULT_LIMITS)).toBe(expected);
  });

  it.each([
    [{ applicationInstance: '' }, 'applicationInstance'],
    [{ applicationInstance: '  ' }, 'applicationInstance'],
    [{ applicationInstance: 'a\nb' }, 'applicationInstance'],
    [{ applicationInstance: 'tab\there' }, 'applicationInstance'],
    [{ applicationInstance: 'x'.repeat(256) }, 'applicationInstance'],
    [{ target: '\u0000' }, 'target'],
    [{ applicationInstance: 'blue', target: 'green' }, 'target'],
  ])('%j is refused, naming %s', (input, field) => {
    expect(Object.keys(fieldsOf(input) ?? {})).toEqual([field]);
  });
});

describe('queryStringOf', () => {
  it('echoes the query as sent, or nothing', () => {
    expect(queryStringOf('/environments/x/deployed-versions/currently-deployed?pacticipant=Foo%20Bar&target=')).toBe('?pacticipant=Foo%20Bar&target=');
    expect(queryStringOf('/environments/x')).toBe('');
    expect(queryStringOf('/environments/x?')).toBe('');
  });
});
