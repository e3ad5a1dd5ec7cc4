import type { Db } from '../db/client.js';
import type { DeploymentsService } from '../environments/deployments.service.js';
import type { EventBus } from '../events/event-bus.js';
import { notFound, validationError, type FieldErrors } from '../shared/errors.js';
import type { Limits } from '../shared/limits.js';
import { checkNames, generateDisplayName, nameProblems, textProblems, type NameLimits } from '../shared/names.js';
import type { PacticipantsRepository } from './pacticipants.repository.js';
import { readPacticipantResource } from './pacticipant-resource.repository.js';
import type { Label, Pacticipant, PacticipantAttributes, PacticipantDetails } from './pacticipants.types.js';
import { NO_READ_CACHE, type ReadCache } from '../shared/read-cache.js';

export interface PacticipantInput extends PacticipantAttributes {
  name?: string | undefined;
}

export interface Page {
  offset: number;
  limit: number;
}

function validateInput(input: PacticipantInput, limits: NameLimits, { nameRequired }: { nameRequired: boolean }): void {
  const errors: FieldErrors = {};
  if (input.name === undefined) {
    if (nameRequired) errors.name = ['is missing'];
  } else {
    const problems = nameProblems(input.name, limits);
    if (problems.length) errors.name = problems;
  }
  if (input.mainBranch != null) {
    const problems = nameProblems(input.mainBranch, limits, { allowSpaces: false });
    if (problems.length) errors.mainBranch = problems;
  }
  for (const key of ['displayName', 'repositoryUrl', 'repositoryName', 'repositoryNamespace', 'team', 'contact'] as const) {
    const value = input[key];
    const problems = value == null ? [] : textProblems(value);
    if (problems.length) errors[key] = problems;
  }
  if (Object.keys(errors).length) throw validationError(errors);
}

/** Blank display names are generated from the name, as the Pact Broker does. */
function withDisplayName(name: string, attrs: PacticipantAttributes): PacticipantAttributes {
  const displayName = attrs.displayName?.trim() ? attrs.displayName : generateDisplayName(name);
  return { ...attrs, displayName };
}

function attributesOf(input: PacticipantInput): PacticipantAttributes {
  const attrs: PacticipantAttributes = {};
  for (const key of ['displayName', 'repositoryUrl', 'repositoryName', 'repositoryNamespace', 'mainBranch', 'team', 'contact'] as const) {
    if (input[key] !== undefined) attrs[key] = input[key];
  }
  return attrs;
}

export function createPacticipantsService(deps: {
  db: Db;
  pacticipantsRepo: PacticipantsRepository;
  events: EventBus;
  deployments: Pick<DeploymentsService, 'currentlyDeployed'>;
  limits: Limits;
  /** Serves repeated reads between writes, on both stores (src/shared/read-cache.ts). */
  readCache?: ReadCache;
}) {
  const { db, pacticipantsRepo: repo, events, deployments, limits } = deps;
  const readCache = deps.readCache ?? NO_READ_CACHE;

  async function details(pacticipants: Pacticipant[]): Promise<PacticipantDetails[]> {
    const ids = pacticipants.map((p) => p.id);
    const [labels, latest] = await Promise.all([repo.labelsFor(ids), repo.latestVersionNumbers(ids)]);
    return pacticipants.map((p) => ({ ...p, labels: labels.get(p.id) ?? [], latestVersionNumber: latest.get(p.id) ?? null }));
  }

  const service = {
    async findByName(name: string): Promise<Pacticipant | undefined> {
      return repo.findByName(name);
    },

    async getByName(name: string): Promise<Pacticipant> {
      const pacticipant = await repo.findByName(name);
      if (!pacticipant) throw notFound(`No pacticipant with name '${name}' found`);
      return pacticipant;
    },

    getDetails(name: string): Promise<PacticipantDetails> {
      return readCache.get(`pacticipant\u0000${name}`, async () => {
        // One prepared statement (pacticipant-resource.repository.ts); the steps below only for the 404.
        const resource = await readPacticipantResource(db, name);
        if (resource) return resource;
        const pacticipant = await service.getByName(name);
        const [[found], currentDeployments] = await Promise.all([details([pacticipant]), deployments.currentlyDeployed({ pacticipantId: pacticipant.id })]);
        return { ...found!, currentDeployments };
      });
    },

    async list(options: { query?: string | undefined; label?: string | undefined } & Page) {
      const { items, total } = await repo.list(options);
      return { items: await details(items), total };
    },

    /** POST: creates, or returns the existing pacticipant unchanged (as the Pact Broker does). */
    async create(input: PacticipantInput): Promise<{ pacticipant: PacticipantDetails; created: boolean }> {
      validateInput(input, limits, { nameRequired: true });
      const name = input.name!;
      const inserted = await repo.insert(name, withDisplayName(name, attributesOf(input)));
      const pacticipant = inserted ?? (await repo.findByName(name))!;
      return { pacticipant: (await details([pacticipant]))[0]!, created: inserted !== undefined };
    },

    /** PUT: full replace of the writable fields; omitted fields are cleared. */
    async replace(name: string, input: PacticipantInput): Promise<PacticipantDetails> {
      checkNames(limits, { name });
      validateInput(input, limits, { nameRequired: false });
      const existing = await service.getByName(name);
      const attrs = withDisplayName(name, {
        displayName: input.displayName ?? null,
        repositoryUrl: input.repositoryUrl ?? null,
        repositoryName: input.repositoryName ?? null,
        repositoryNamespace: input.repositoryNamespace ?? null,
        mainBranch: input.mainBranch ?? null,
        team: input.team ?? null,
        contact: input.contact ?? null,
      });
      return (await details([await repo.update(existing.id, attrs)]))[0]!;
    },

    /** PATCH: partial update, or create when missing (legacy Pact Broker behaviour the CLI relies on). */
    async patch(name: string, input: PacticipantInput): Promise<{ pacticipant: PacticipantDetails; created: boolean }> {
      validateInput(input, limits, { nameRequired: false });
      if (input.name !== undefined && input.name !== name) {
        throw validationError({ name: [`does not match the name in the path ('${name}')`] });
      }
      const existing = await repo.findByName(name);
      if (!existing) return service.create({ ...input, name });
      const attrs = attributesOf(input);
      if (attrs.displayName !== undefined && !attrs.displayName?.trim()) attrs.displayName = generateDisplayName(name);
      const updated = Object.keys(attrs).length ? await repo.update(existing.id, attrs) : existing;
      return { pacticipant: (await details([updated]))[0]!, created: false };
    },

    async delete(name: string): Promise<void> {
      const pacticipant = await service.getByName(name);
      await db.transaction(async (tx) => repo.delete(pacticipant.id, tx));
      events.publish('pacticipant_deleted', { name });
    },

    // --- labels ---

    async getLabel(name: string, label: string): Promise<{ pacticipant: Pacticipant; label: Label }> {
      const pacticipant = await service.getByName(name);
      const found = await repo.findLabel(pacticipant.id, label);
      if (!found) throw notFound(`No label '${label}' found for pacticipant '${name}'`);
      return { pacticipant, label: found };
    },

    async addLabel(name: string, label: string): Promise<{ pacticipant: Pacticipant; label: Label; created: boolean }> {
      checkNames(limits, { pacticipant: name, label });
      // Labelling an unknown pacticipant creates it, as tagging an unknown version does.
      const pacticipant = (await repo.findOrCreateByNames([name])).get(name)!;
      return { pacticipant, ...(await repo.addLabel(pacticipant.id, label)) };
    },

    async removeLabel(name: string, label: string): Promise<void> {
      const pacticipant = await service.getByName(name);
      if (!(await repo.removeLabel(pacticipant.id, label))) {
        throw notFound(`No label '${label}' found for pacticipant '${name}'`);
      }
    },
  };
  return service;
}

export type PacticipantsService = ReturnType<typeof createPacticipantsService>;
