// Pure rules about names and display names, shared by every domain.
import { validationError, type FieldErrors } from './errors.js';
import { limitProblem, type Limits } from './limits.js';

/** `my-service` → `My Service`, `fooBar` → `Foo Bar` (as the Pact Broker generates display names). */
export function generateDisplayName(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/**
 * Problems with free text that is stored and shown on one line (display names, URLs): line breaks, control
 * characters (they break logs, headers and the CLI's tables; PostgreSQL cannot store NUL at all) and lone surrogates.
 */
export function textProblems(value: string): string[] {
  const problems: string[] = [];
  if (/[\r\n]/.test(value)) problems.push('cannot contain multiple lines');
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/.test(value)) problems.push('cannot contain control characters');
  if (!value.isWellFormed()) problems.push('must be valid Unicode text');
  return problems;
}

export type NameLimits = Pick<Limits, 'nameLength'>;

/**
 * The one validator for names a client gives: pacticipant names, version numbers, branch, tag, label, environment
 * and application instance names. Empty when it is acceptable. Every path that can create one (explicitly or as a
 * side effect, like labelling or tagging an unknown pacticipant) checks it before writing.
 */
export function nameProblems(value: string, limits: NameLimits, { allowSpaces = true } = {}): string[] {
  const problems: string[] = [];
  if (value.trim().length === 0) problems.push('cannot be blank');
  problems.push(...textProblems(value));
  if (!allowSpaces && /\s/.test(value)) problems.push('cannot contain spaces');
  const tooLong = limitProblem(limits, 'nameLength', value.length, 'characters');
  if (tooLong) problems.push(tooLong);
  return problems;
}

/** Throws one validation error naming every field whose name has problems (undefined and null fields are skipped). */
export function checkNames(limits: NameLimits, fields: Record<string, string | null | undefined>, options: { allowSpaces?: boolean } = {}): void {
  const errors: FieldErrors = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value == null) continue;
    const problems = nameProblems(value, limits, options);
    if (problems.length) errors[field] = problems;
  }
  const [first] = Object.entries(errors);
  if (first) throw validationError(errors, `${first[0]} ${first[1][0]!}`);
}

/** A version's build URL: one token without spaces or control characters (absent is fine). */
export function buildUrlProblems(value: string | null | undefined): string[] {
  return value != null && /[\s\u0000-\u001f\u007f]/.test(value) ? ['is not a valid URL eg. http://example.org'] : [];
}

export const MAIN_BRANCH_CANDIDATES = ['main', 'master', 'develop'] as const;
