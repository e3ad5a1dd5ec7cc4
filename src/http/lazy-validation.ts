// Request schemas compile on their route's first request instead of at start: Fastify compiles every route's body,
// query and params schemas when the app gets ready, and with ~250 routes that was the largest single cost of a
// start (ajv, ~290 ms of ~1 s on PostgreSQL). A route never asked for never pays; one that is pays once.
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';

/**
 * The options Fastify's own validator compiler (@fastify/ajv-compiler) gave the app-wide Ajv: its defaults
 * (coerceTypes, useDefaults, removeAdditional, addUsedSchema, allErrors) overridden by the app's custom options
 * (all errors; coercion of query strings, single values to arrays; no silent removal; union types), plus ajv-formats.
 */
export const APP_AJV_OPTIONS = {
  coerceTypes: 'array',
  useDefaults: true,
  removeAdditional: false,
  addUsedSchema: false,
  allErrors: true,
  allowUnionTypes: true,
} as const;

type Route = Parameters<FastifySchemaCompiler<object>>[0];

/** The app-wide compiler, as Fastify's default built it (a schema with a known $id reuses the compiled one). */
function appValidatorCompiler(): FastifySchemaCompiler<object> {
  let ajv: Ajv | undefined;
  return ({ schema }) => {
    if (!ajv) {
      ajv = new Ajv(APP_AJV_OPTIONS);
      ajvFormats.default(ajv); // a CommonJS module: its function is also its `default`
    }
    const id = (schema as { $id?: unknown }).$id;
    return (typeof id === 'string' ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema);
  };
}

/** A validator that compiles on first use and then behaves as the compiled one (result, `errors`, parent data). */
function compileOnFirstUse(compile: FastifySchemaCompiler<object>, route: Route): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown, context?: object) => {
    compiled ??= compile(route) as ValidateFunction;
    const valid = compiled(data, context as Parameters<ValidateFunction>[1]);
    validate.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  // Fastify passes { parentData, parentDataProperty } to a validator with a schemaEnv (any Ajv one), so Ajv can coerce
  // a root value in place; the compiled validator gets it through this one.
  Object.defineProperty(validate, 'schemaEnv', { get: () => true });
  return validate;
}

/**
 * Every route's request schemas (the app-wide compiler's and a route's own, e.g. the strict body validator) compile
 * on the route's first request; `eager` compiles them as Fastify does, at ready (a test proves they all compile).
 * Registered before any route, so its onRoute hook sees every one.
 */
export function registerLazyValidation(app: FastifyInstance, { eager = false } = {}): void {
  const appCompiler = appValidatorCompiler();
  app.setValidatorCompiler(appCompiler);
  if (eager) return;
  app.addHook('onRoute', (route) => {
    if (!route.schema) return;
    const compile = (route.validatorCompiler as FastifySchemaCompiler<object> | undefined) ?? appCompiler;
    route.validatorCompiler = (parts) => compileOnFirstUse(compile, parts);
  });
}
