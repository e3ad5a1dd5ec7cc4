// Composition root: the only place that wires repositories, services and the event bus together.
import { type AccessControl, createAccessControl } from './auth/access-control.js';
import { createTokensRepository } from './auth/tokens.repository.js';
import { createTokensService } from './auth/tokens.service.js';
import { createAuditRepository } from './audit/audit.repository.js';
import { createAuditService } from './audit/audit.service.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createDeploymentsRepository } from './environments/deployments.repository.js';
import { createDeploymentsService } from './environments/deployments.service.js';
import { createEnvironmentsRepository } from './environments/environments.repository.js';
import { createEnvironmentsService } from './environments/environments.service.js';
import { createReleasesRepository } from './environments/releases.repository.js';
import { createReleasesService } from './environments/releases.service.js';
import { createSecretsRepository } from './secrets/secrets.repository.js';
import { createSecretsService } from './secrets/secrets.service.js';
import { createBadgesService } from './badges/badges.service.js';
import { createEventBus, type EventBus } from './events/event-bus.js';
import { createJobsRepository } from './jobs/jobs.repository.js';
import { createJobRunner, type JobHandlers, type JobRunnerOptions } from './jobs/runner.js';
import { createIntegrationsRepository } from './integrations/integrations.repository.js';
import { createMatrixRepository } from './matrix/matrix.repository.js';
import { createMatrixService } from './matrix/matrix.service.js';
import { createGridRepository } from './matrix/grid.repository.js';
import { createGridService } from './matrix/grid.service.js';
import { createIntegrationsService } from './integrations/integrations.service.js';
import { createGraphService } from './integrations/graph.service.js';
import { createPacticipantsRepository } from './pacticipants/pacticipants.repository.js';
import { createPacticipantsService } from './pacticipants/pacticipants.service.js';
import { createPactsRepository } from './pacts/pacts.repository.js';
import { createPactsService } from './pacts/pacts.service.js';
import { createPublishContracts } from './pacts/publish-contracts.js';
import { createForVerificationRepository } from './pacts-for-verification/for-verification.repository.js';
import { createForVerificationService } from './pacts-for-verification/for-verification.service.js';
import { createVerificationsRepository } from './verifications/verifications.repository.js';
import { createVerificationsService } from './verifications/verifications.service.js';
import { createVersionsRepository } from './versions/versions.repository.js';
import { createVersionsService } from './versions/versions.service.js';
import { createWebhookDelivery } from './webhooks/deliver.js';
import { createHttpExecutor, type WebhookExecutor } from './webhooks/executor.js';
import { subscribeWebhookTriggers, WEBHOOK_JOB_KIND } from './webhooks/trigger.js';
import { createTriggeredWebhooksReader } from './webhooks/triggered-webhooks-read.repository.js';
import { createTriggeredWebhooksService } from './webhooks/triggered-webhooks.service.js';
import { createTemplateDataRepository } from './webhooks/template-data.repository.js';
import { createTriggeredWebhooksRepository } from './webhooks/triggered-webhooks.repository.js';
import { createWebhookExecutionRepository } from './webhooks/webhook-execution.repository.js';
import { createWebhookExpansion } from './webhooks/webhook-expansion.repository.js';
import { createWebhookExecutionService } from './webhooks/webhook-execution.service.js';
import { webhookPolicyFrom } from './webhooks/webhook-policy.js';
import { createWebhooksRepository } from './webhooks/webhooks.repository.js';
import { createWebhooksService } from './webhooks/webhooks.service.js';
import { createReadCache } from './shared/read-cache.js';
import { createAnswerCache } from './shared/answer-cache.js';

/** Entries of the embedded read cache (small read models: a pact's lookup, a pacticipant, a version). */
const READ_CACHE_ENTRIES = 10_000;
/** Serialised deploy-gate and for-verification answers kept per process (a hub's can-i-deploy is ~0.7 MiB). */
const ANSWER_CACHE_BYTES = 32 * 1024 * 1024;

/** http://host:port of this process; a wildcard address (0.0.0.0, ::) becomes localhost. */
function listenBaseUrl(config: Config): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

export function createContainer(options: {
  config: Config;
  database: Database;
  onEventError?: (error: unknown, event: string) => void;
  /** Sends webhook requests; default: the real HTTP executor. */
  webhookExecutor?: WebhookExecutor;
  /** How long an audit event may wait for its batch; default 100 ms (tests lengthen it). */
  auditBatchDelayMs?: number;
}) {
  const { config, database } = options;
  const db = database.db;
  const events: EventBus = createEventBus(options.onEventError ?? (() => undefined));

  const pacticipantsRepo = createPacticipantsRepository(db);
  const versionsRepo = createVersionsRepository(db);
  const pactsRepo = createPactsRepository(db);
  const environmentsRepo = createEnvironmentsRepository(db);
  const integrationsRepo = createIntegrationsRepository(db);
  const verificationsRepo = createVerificationsRepository(db);
  const deploymentsRepo = createDeploymentsRepository(db);
  const releasesRepo = createReleasesRepository(db);

  const lookupRepos = { pacticipantsRepo, versionsRepo, environmentsRepo };
  // Hot single-resource reads served between writes: PGlite by its write generation, PostgreSQL by the write stamp.
  const readCache = createReadCache({ generation: database.writeGeneration, stamp: database, maxEntries: READ_CACHE_ENTRIES });
  // Both stores: answers of the deploy gates and pacts-for-verification, kept while no write committed anywhere.
  const answers = createAnswerCache(database, { maxBytes: ANSWER_CACHE_BYTES });
  const { limits } = config;
  const environments = createEnvironmentsService({ environmentsRepo, limits });
  const deployments = createDeploymentsService({ db, ...lookupRepos, deploymentsRepo, events, limits });
  const releases = createReleasesService({ db, ...lookupRepos, releasesRepo, events });
  const pacticipants = createPacticipantsService({ db, pacticipantsRepo, events, deployments, limits, readCache });
  const versions = createVersionsService({ db, versionsRepo, pacticipantsRepo, pactsRepo, events, environments, deployments, releases, limits, readCache });
  const publishContracts = createPublishContracts({
    db,
    pacticipantsRepo,
    versionsRepo,
    versionsService: versions,
    pactsRepo,
    events,
    allowDangerousContractModification: config.allowDangerousContractModification,
    limits: config.limits,
  });
  const pacts = createPactsService({ db, pactsRepo, pacticipantsRepo, versionsRepo, publishContracts, limits, readCache });
  const integrations = createIntegrationsService({ integrationsRepo });
  const pactsForVerification = createForVerificationService({
    forVerificationRepo: createForVerificationRepository(db),
    limits,
  });
  const matrixRepo = createMatrixRepository(db);
  const matrix = createMatrixService({ matrixRepo, limits });
  // Webhook secrets: sealed under TREATY_SECRETS_KEY; webhooks check names at creation and reveal values at delivery.
  const secrets = createSecretsService({ secretsRepo: createSecretsRepository(db), key: config.secretsKey });
  const webhookPolicy = webhookPolicyFrom(config);
  const webhookExecutor = options.webhookExecutor ?? createHttpExecutor();
  const webhooksRepo = createWebhooksRepository(db);
  const webhooks = createWebhooksService({
    webhooksRepo,
    pacticipantsRepo,
    policy: webhookPolicy,
    limits,
    secrets,
  });
  const webhookExecution = createWebhookExecutionService({
    webhooks,
    repo: createWebhookExecutionRepository(db),
    executor: webhookExecutor,
    policy: webhookPolicy,
    timeoutMs: config.webhookTimeoutMs,
    secrets,
  });
  const audit = createAuditService({
    auditRepo: createAuditRepository(db),
    retentionDays: config.auditRetentionDays,
    ...(options.auditBatchDelayMs === undefined ? {} : { batchDelayMs: options.auditBatchDelayMs }),
  });
  const verifications = createVerificationsService({ db, verificationsRepo, versionsRepo, versionsService: versions, pactsService: pacts, events, limits });
  const badges = createBadgesService({ pacts, verifications, matrix });
  // The matrix page's grid of one integration (src/ui/matrix/).
  const matrixGrid = createGridService({ gridRepo: createGridRepository(db), matrixRepo, verifications });
  // The integration graph keeps its ELK layouts in memory, keyed by the graph's shape (integrations/graph-layout.ts).
  const graph = createGraphService({ integrations, pacticipants });
  events.subscribe('contract_published', () => graph.integrationsChanged());
  events.subscribe('pacticipant_deleted', () => graph.integrationsChanged());
  events.subscribe('version_deleted', () => graph.integrationsChanged());

  // Background jobs: modules that enqueue work register its handler here; the server starts the runner.
  const jobsRepo = createJobsRepository(db);
  // Webhooks are triggered inside the transaction of the write that caused the event (src/webhooks/trigger.ts).
  const triggeredRepo = createTriggeredWebhooksRepository(db);
  subscribeWebhookTriggers(events, { triggeredRepo });
  // …as one expansion job, expanded into triggered webhooks and delivery jobs before a claim or a read of them.
  const webhookExpansion = createWebhookExpansion(db);
  const jobHandlers: JobHandlers = {
    [WEBHOOK_JOB_KIND]: createWebhookDelivery({
      webhooksRepo,
      triggeredRepo,
      templateData: createTemplateDataRepository(db),
      executor: webhookExecutor,
      policy: webhookPolicy,
      secrets,
      // Links in the template need an absolute base and a job has no request: TREATY_BASE_URL, else the listen address.
      baseUrl: config.baseUrl ?? listenBaseUrl(config),
      timeoutMs: config.webhookTimeoutMs,
    }),
  };
  const jobs = {
    repo: jobsRepo,
    handlers: jobHandlers,
    /** Turns pending work into jobs, as a claim does first (tests that read the jobs table right after a write). */
    expandPending: () => webhookExpansion.expandPending({ wait: true }),
    createRunner: (overrides: Partial<JobRunnerOptions> = {}) =>
      createJobRunner({
        repo: jobsRepo,
        handlers: jobHandlers,
        leaseMs: config.jobsLeaseMs,
        pollMs: config.jobsPollMs,
        concurrency: config.jobsConcurrency,
        beforeClaim: () => webhookExpansion.expandPending({ wait: false }),
        ...overrides,
      }),
  };

  // Access control: token changes made here reset the cached "is any token usable?" answer at once.
  let accessControl: AccessControl | undefined;
  const tokens = createTokensService({ repo: createTokensRepository(db), onChange: () => accessControl?.invalidate() });
  accessControl = createAccessControl({ settings: config.auth, tokens });

  return {
    config,
    database,
    events,
    jobs,
    accessControl,
    services: { answers, badges, tokens, secrets, pacticipants, versions, pacts, environments, deployments, releases, integrations, pactsForVerification, verifications, matrix, webhooks, webhookExecution, triggeredWebhooks: createTriggeredWebhooksService(createTriggeredWebhooksReader(db), webhookPolicy, webhookExpansion), audit, matrixGrid, graph },
  };
}

export type Container = ReturnType<typeof createContainer>;
export type Services = Container['services'];
