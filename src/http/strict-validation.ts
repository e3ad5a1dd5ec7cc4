// A body validator without type coercion, for routes where a coerced value would be stored as something the client
// did not send. The app-wide validator coerces (handy for query strings), so it would read `"success": null` as
// false and `"success": "true"` as true; the Pact Broker answers "must be boolean" to anything but true and false.
import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false, strict: false });

export const strictValidatorCompiler: FastifySchemaCompiler<object> = ({ schema }) => ajv.compile(schema);
