import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { fieldErrorsFromAjv } from '../../../src/http/error-handler.js';

const err = (e: Partial<ErrorObject>): ErrorObject => ({ instancePath: '', schemaPath: '', keyword: 'type', params: {}, ...e }) as ErrorObject;

describe('fieldErrorsFromAjv', () => {
  it('a field named by a client key (constructor, __proto__, toString) is a field like any other', () => {
    const keys = ['constructor', '__proto__', 'toString'];
    const errors = fieldErrorsFromAjv(
      keys.flatMap((key) => [err({ keyword: 'additionalProperties', params: { additionalProperty: key } }), err({ instancePath: `/${key}`, params: { type: 'string' } })]),
      'body',
    );
    expect(Object.keys(errors)).toEqual(keys);
    for (const key of keys) expect(errors[key]).toEqual(['is not allowed', 'must be a string']);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('names missing fields the way the Pact clients print them', () => {
    const errors = fieldErrorsFromAjv(
      [err({ keyword: 'required', params: { missingProperty: 'pacticipantName' } }), err({ keyword: 'required', params: { missingProperty: 'contracts' } })],
      'body',
    );
    expect(errors).toEqual({ pacticipantName: ['is missing'], contracts: ['is missing'] });
  });

  it('folds array indexes into the parent field with "(at index N)"', () => {
    const errors = fieldErrorsFromAjv(
      [
        err({ instancePath: '/contracts/0/contentType', keyword: 'enum', params: { allowedValues: ['application/json'] } }),
        err({ instancePath: '/contracts/1', keyword: 'required', params: { missingProperty: 'content' } }),
      ],
      'body',
    );
    expect(errors).toEqual({
      contracts: ['contentType must be one of: application/json (at index 0)', 'content is missing (at index 1)'],
    });
  });

  it('words type errors as the Pact Broker does: "must be boolean", "must be a string or null"', () => {
    expect(fieldErrorsFromAjv([err({ instancePath: '/success', params: { type: 'boolean' } })], 'body')).toEqual({ success: ['must be boolean'] });
    expect(fieldErrorsFromAjv([err({ instancePath: '/buildUrl', params: { type: 'string,null' } })], 'body')).toEqual({ buildUrl: ['must be a string or null'] });
    expect(fieldErrorsFromAjv([err({ instancePath: '/v', params: { type: 'object,null' } })], 'body')).toEqual({ v: ['must be an object or null'] });
  });

  it('uses the validation context for whole-body errors', () => {
    expect(fieldErrorsFromAjv([err({ keyword: 'type', params: { type: 'object' } })], 'body')).toEqual({ body: ['must be an object'] });
  });
});
