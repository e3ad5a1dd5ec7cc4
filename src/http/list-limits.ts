// Lists in request bodies are counted before anything looks at their items: a preValidation hook runs after the
// JSON is parsed and before schema validation, so a body with 70,000 tags is a 400 naming the limit, not 70,000
// schema checks, name checks and inserts.
import type { FastifyRequest } from 'fastify';
import { checkLimit, type LimitName, type Limits } from '../shared/limits.js';

/** A preValidation hook: each named body field that is an array longer than its limit is a 400 naming the limit. */
export function bodyListLimits(limits: Limits, fields: Record<string, LimitName>) {
  return async (request: FastifyRequest): Promise<void> => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    for (const [field, name] of Object.entries(fields)) {
      const value = (body as Record<string, unknown>)[field];
      if (Array.isArray(value)) checkLimit(limits, name, field, value.length);
    }
  };
}
