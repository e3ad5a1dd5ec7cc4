// Webhook secrets: write-only values sealed under TREATY_SECRETS_KEY. The API manages names and descriptions and never
// returns a value; only webhook delivery (reveal) decrypts them, at the moment a request is sent.
import { DomainError, notFound, validationError, type FieldErrors } from '../shared/errors.js';
import { textProblems } from '../shared/names.js';
import { SECRET_NAME_MESSAGE, isSecretName } from './secret-names.js';
import { open, seal, SECRETS_KEY_HINT, SECRETS_KEY_VARIABLE, SecretBoxError } from './secret-box.js';
import type { SecretInfo, SecretsRepository } from './secrets.repository.js';

export interface SecretInput {
  name?: string;
  value?: string;
  description?: string | null;
}

/** Secret values by name, and a sentence per name that could not be revealed (unknown, undecryptable, no key). */
export interface RevealedSecrets {
  values: ReadonlyMap<string, string>;
  problems: string[];
}

export const missingKeyMessage = `Secrets cannot be stored: ${SECRETS_KEY_VARIABLE} is not set; ${SECRETS_KEY_HINT}.`;

export function createSecretsService(deps: { secretsRepo: SecretsRepository; key: Buffer | undefined }) {
  const { secretsRepo: repo } = deps;

  function keyOr400(): Buffer {
    if (deps.key === undefined) throw validationError({ value: [`cannot be stored: ${SECRETS_KEY_VARIABLE} is not set; ${SECRETS_KEY_HINT}`] }, missingKeyMessage);
    return deps.key;
  }

  function checkFields(name: string | undefined, description: string | null | undefined): void {
    const errors: FieldErrors = {};
    if (name !== undefined && !isSecretName(name)) errors.name = [SECRET_NAME_MESSAGE];
    if (typeof description === 'string') {
      const problems = textProblems(description);
      if (problems.length) errors.description = problems;
    }
    const [first] = Object.entries(errors);
    if (first) throw validationError(errors, `${first[0]} ${first[1][0]!}`);
  }

  const notFoundFor = (name: string) => notFound(`No secret with name '${name}' found`);

  const service = {
    list: (): Promise<SecretInfo[]> => repo.list(),

    async get(name: string): Promise<SecretInfo> {
      const found = isSecretName(name) ? await repo.findByName(name) : undefined;
      if (!found) throw notFoundFor(name);
      return found;
    },

    /** POST /secrets: a new secret; an existing name is a 409 (PUT replaces). */
    async create(input: SecretInput): Promise<SecretInfo> {
      const key = keyOr400();
      const name = input.name ?? '';
      checkFields(name, input.description);
      const created = await repo.insert({ name, description: input.description ?? null, sealed: seal(key, name, input.value ?? '') });
      if (!created) throw new DomainError('conflict', `A secret named '${name}' already exists; PUT /secrets/${name} replaces its value`);
      return created;
    },

    /** PUT /secrets/{name}: creates the secret or replaces its value (and its description when one is given). */
    async createOrUpdate(name: string, input: SecretInput): Promise<{ secret: SecretInfo; created: boolean }> {
      const key = keyOr400();
      checkFields(name, input.description);
      const sealed = seal(key, name, input.value ?? '');
      const fields = input.description === undefined ? { sealed } : { sealed, description: input.description };
      const updated = await repo.update(name, fields);
      if (updated) return { secret: updated, created: false };
      const created = await repo.insert({ name, description: input.description ?? null, sealed });
      // Created by someone else between the two statements: replace it, as the later writer.
      if (!created) return { secret: (await repo.update(name, fields))!, created: false };
      return { secret: created, created: true };
    },

    async delete(name: string): Promise<void> {
      if (!isSecretName(name) || !(await repo.delete(name))) throw notFoundFor(name);
    },

    /** Which of the names exist (webhook creation refuses a template naming an unknown secret). */
    async existing(names: readonly string[]): Promise<Set<string>> {
      const valid = [...new Set(names)].filter(isSecretName);
      return new Set(await repo.existing(valid));
    },

    /** The values of the named secrets, for one webhook delivery; what cannot be revealed is described, never thrown. */
    async reveal(names: readonly string[]): Promise<RevealedSecrets> {
      const wanted = [...new Set(names)];
      const rows = new Map((await repo.sealed(wanted.filter(isSecretName))).map((row) => [row.name, row.sealed]));
      const values = new Map<string, string>();
      const problems: string[] = [];
      for (const name of wanted) {
        const sealed = rows.get(name);
        if (sealed === undefined) problems.push(`secret '${name}' (\${user.${name}}) does not exist; it may have been deleted: create it with PUT /secrets/${name}`);
        else if (deps.key === undefined) problems.push(`secret '${name}' cannot be decrypted: ${SECRETS_KEY_VARIABLE} is not set`);
        else {
          try {
            values.set(name, open(deps.key, name, sealed));
          } catch (error) {
            if (!(error instanceof SecretBoxError)) throw error;
            problems.push(`secret '${name}' cannot be decrypted with the configured ${SECRETS_KEY_VARIABLE} (was the key changed?); set it again with PUT /secrets/${name}`);
          }
        }
      }
      return { values, problems };
    },
  };
  return service;
}

export type SecretsService = ReturnType<typeof createSecretsService>;
