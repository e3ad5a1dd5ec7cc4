// Entry point: config → database (migrated) → container → app → listen; drains and closes cleanly on signals.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { startAuditPruning } from './audit/audit.service.js';
import { ConfigError, loadConfig } from './config.js';
import { createContainer } from './container.js';
import { logAccessControlState } from './http/authorization.js';
import { openDatabase } from './db/client.js';
import { runMigrations } from './db/migrate.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = { level: config.logLevel, base: { service: 'treaty' } };
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  if (config.migrateOnStart) await runMigrations(database);
  const container = createContainer({ config, database });
  const app = await buildApp({ container, logger });
  container.events.subscribe('contract_published', (e) => app.log.info({ event: 'contract_published', ...e }, 'contract published'));
  const jobs = container.jobs.createRunner({ onError: (err, context) => app.log.error({ err }, `job runner: ${context}`) });
  // Deletes audit events older than TREATY_AUDIT_RETENTION_DAYS, shortly after start and then hourly.
  const auditPruning = startAuditPruning(container.services.audit, {
    onError: (err) => app.log.error({ err }, 'audit trail: pruning failed'),
    onPruned: (count) => app.log.info({ count, retentionDays: config.auditRetentionDays }, 'audit trail: old events pruned'),
  });

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    auditPruning.stop();
    await app.close(); // stops accepting, drains in-flight requests, writes the buffered audit events
    await jobs.stop(); // aborts running jobs and records them as interrupted, to run again
    await database.close(); // ends the pool / checkpoints and closes PGlite files
  });

  await app.listen({ host: config.host, port: config.port });
  jobs.start(); // polls only when a handler is registered
  app.log.info({ store: database.kind, dataDir: database.kind === 'pglite' ? config.dataDir : undefined }, 'Treaty is ready');
  await logAccessControlState(app, container.accessControl, config);
}

main().catch((error: unknown) => {
  process.stderr.write(`Treaty failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
