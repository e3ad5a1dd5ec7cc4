import { addFieldError, notFound, validationError, type FieldErrors } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import { storableJsonProblems } from '../shared/json.js';
import type { Limits } from '../shared/limits.js';
import { generateDisplayName, nameProblems, textProblems } from '../shared/names.js';
import type { Environment, EnvironmentFields, EnvironmentsRepository } from './environments.repository.js';

export interface EnvironmentInput {
  name: string;
  displayName?: string | null | undefined;
  production: boolean;
  contacts?: Array<{ name: string; details?: Record<string, unknown> | undefined }> | undefined;
}

function toFields(input: EnvironmentInput, limits: Limits): EnvironmentFields {
  const errors: FieldErrors = {};
  for (const problem of nameProblems(input.name, limits, { allowSpaces: false })) addFieldError(errors, 'name', problem);
  for (const problem of input.displayName ? textProblems(input.displayName) : []) addFieldError(errors, 'displayName', problem);
  input.contacts?.forEach((contact, index) => {
    for (const problem of textProblems(contact.name)) addFieldError(errors, 'contacts', `name ${problem} (at index ${index})`);
    const problems = contact.details ? storableJsonProblems(contact.details, limits) : [];
    if (problems.length > 0) addFieldError(errors, 'contacts', `details ${problems.join('; ')} (at index ${index})`);
  });
  if (Object.keys(errors).length) throw validationError(errors);
  return {
    name: input.name,
    displayName: input.displayName?.trim() ? input.displayName : generateDisplayName(input.name),
    production: input.production,
    // Contacts keep only name and details, as the Pact Broker stores them.
    contacts: input.contacts?.map((c) => ({ name: c.name, ...(c.details ? { details: c.details } : {}) })) ?? null,
  };
}

export function createEnvironmentsService(deps: { environmentsRepo: EnvironmentsRepository; limits: Limits }) {
  const repo = deps.environmentsRepo;
  const taken = (name: string) => validationError({ name: [`name '${name}' is already used by an existing environment.`] });

  const service = {
    list: (name?: string) => repo.list({ name }),

    async get(uuid: string): Promise<Environment> {
      const environment = isUuid(uuid) ? await repo.findByUuid(uuid) : undefined;
      if (!environment) throw notFound(`No environment with uuid '${uuid}' found`);
      return environment;
    },

    async create(input: EnvironmentInput & { uuid?: string | undefined }): Promise<Environment> {
      const fields = toFields(input, deps.limits);
      if (input.uuid !== undefined && !isUuid(input.uuid)) throw validationError({ uuid: ['must be a UUID'] });
      // A taken name is the Pact Broker's 400, even under a race; a taken uuid is a unique violation, which the error
      // handler answers 409 with the constraint's message.
      const created = await repo.insert({ ...fields, ...(input.uuid ? { uuid: input.uuid } : {}) });
      if (!created) throw taken(input.name);
      return created;
    },

    async replace(uuid: string, input: EnvironmentInput): Promise<Environment> {
      const existing = await service.get(uuid);
      const fields = toFields(input, deps.limits);
      const clash = await repo.findByName(fields.name);
      if (clash && clash.id !== existing.id) throw taken(fields.name);
      return repo.update(existing.id, fields);
    },

    async delete(uuid: string): Promise<void> {
      await repo.delete((await service.get(uuid)).id);
    },
  };
  return service;
}

export type EnvironmentsService = ReturnType<typeof createEnvironmentsService>;
