// PostgreSQL unique violations (SQLSTATE 23505) → a 409 naming what already exists. Services check for clashes
// first where the API promises a friendlier answer; this catches the rest (two concurrent renames to one name, a
// client-chosen uuid that is taken). The text comes from the constraint, never from the failed query or its
// parameters (a drizzle error's message carries both).

export interface UniqueViolation {
  constraint: string | undefined;
  /** PostgreSQL's detail, e.g. `Key (name)=(prod) already exists.` */
  detail: string | undefined;
}

/** The unique violation behind an error: pg and PGlite raise it directly, drizzle wraps it in `cause`. */
export function uniqueViolationOf(error: unknown): UniqueViolation | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; detail?: unknown; cause?: unknown };
    if (candidate.code === '23505') {
      return {
        constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined,
        detail: typeof candidate.detail === 'string' ? candidate.detail : undefined,
      };
    }
    current = candidate.cause;
  }
  return undefined;
}

const MAX_VALUE = 200;
const clip = (value: string) => (value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value);

/** `Key (name)=(prod) already exists.` → { columns: 'name', values: 'prod' }. */
function keyOf(detail: string | undefined): { columns: string; values: string } | undefined {
  const match = /^Key \((.*)\)=\((.*)\) already exists\.?$/s.exec(detail ?? '');
  return match ? { columns: match[1]!, values: match[2]! } : undefined;
}

type Message = (value: string) => { field: string; message: string };

/** Constraint → the field it guards and a message for people; the value is the conflicting key (one column). */
const MESSAGES: Record<string, Message> = {
  environments_name_idx: (v) => ({ field: 'name', message: `name '${v}' is already used by an existing environment.` }),
  environments_uuid_idx: (v) => ({ field: 'uuid', message: `uuid '${v}' is already used by an existing environment.` }),
  pacticipants_name_idx: (v) => ({ field: 'name', message: `name '${v}' is already used by an existing pacticipant.` }),
  versions_pacticipant_number_idx: () => ({ field: 'version', message: 'this version of the pacticipant was created by a concurrent request; retry' }),
  branches_pacticipant_name_idx: () => ({ field: 'branch', message: 'this branch was created by a concurrent request; retry' }),
  labels_pacticipant_id_name_pk: () => ({ field: 'label', message: 'this label was added by a concurrent request' }),
  tags_version_id_name_pk: () => ({ field: 'tag', message: 'this tag was added by a concurrent request' }),
  deployed_versions_current_slot_idx: () => ({
    field: 'applicationInstance',
    message: 'a concurrent request recorded a deployment for the same environment and application instance; retry',
  }),
  released_versions_version_environment_idx: () => ({ field: 'environment', message: 'a concurrent request recorded this release; retry' }),
  webhooks_uuid_idx: (v) => ({ field: 'uuid', message: `webhook '${v}' was created by a concurrent request; retry` }),
  pact_publications_cv_provider_revision_idx: () => ({ field: 'contracts', message: 'a concurrent request published this pact; retry' }),
};

/** The 409's detail and field errors for a unique violation. */
export function uniqueViolationMessage(violation: UniqueViolation): { detail: string; errors: Record<string, string[]> } {
  const key = keyOf(violation.detail);
  const known = violation.constraint ? MESSAGES[violation.constraint] : undefined;
  if (known) {
    const { field, message } = known(clip(key?.values ?? ''));
    return { detail: message, errors: { [field]: [message] } };
  }
  if (key) {
    const message = `${clip(key.columns)} (${clip(key.values)}) is already used`;
    return { detail: `A record with ${clip(key.columns)} (${clip(key.values)}) already exists`, errors: { [clip(key.columns)]: [message] } };
  }
  return { detail: 'The request conflicts with an existing record', errors: { request: ['conflicts with an existing record'] } };
}
