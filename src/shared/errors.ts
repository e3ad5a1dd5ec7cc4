// Transport-free errors. http/error-handler.ts maps each code to a status once; the CLI maps them to exit codes.
export type ErrorCode =
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'forbidden'
  | 'precondition_failed'
  | 'unprocessable';

/** Field name → messages, as the Pact clients print them ("field: msg1, msg2"). */
export type FieldErrors = Record<string, string[]>;

/** The matrix answers validation errors as a flat list (`{"errors":["Pacticipant Foo not found"]}`), as the clients expect. */
export type ErrorList = string[];

export interface Notice {
  type: 'debug' | 'info' | 'success' | 'warning' | 'prompt' | 'error';
  text: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldErrors | ErrorList = {},
    readonly notices: Notice[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (message: string) => new DomainError('not_found', message);

/** The value, or a not_found error with the message when there is none. */
export function orNotFound<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw notFound(message);
  return value;
}

export function validationError(fields: FieldErrors | ErrorList, message = 'Validation errors'): DomainError {
  return new DomainError('validation', message, fields);
}

/** Field names can come from client keys (`constructor`, `__proto__`): only own entries count, and one is defined, not set. */
export function addFieldError(errors: FieldErrors, field: string, message: string): void {
  if (Object.hasOwn(errors, field)) errors[field]!.push(message);
  else Object.defineProperty(errors, field, { value: [message], enumerable: true, writable: true, configurable: true });
}
