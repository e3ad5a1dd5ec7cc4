// Architecture rules from ../shared/design/ARCHITECTURE.md, enforced by `npm run lint`.
module.exports = {
  forbidden: [
    {
      name: 'routes-do-not-touch-data',
      comment: 'Routes call services; only repositories and db/ talk to the database.',
      severity: 'error',
      from: { path: '\\.routes\\.ts$' },
      to: { path: ['\\.repository\\.ts$', '^src/db/', 'node_modules/drizzle-orm', 'node_modules/pg/'] },
    },
    {
      name: 'only-data-layer-imports-drizzle',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/db/', '\\.repository\\.ts$'] },
      to: { path: 'node_modules/drizzle-orm' },
    },
    {
      name: 'services-are-transport-free',
      comment: 'Only http/, app.ts, server.ts and *.routes.ts may import Fastify.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/app\\.ts$', '^src/server\\.ts$', '\\.routes\\.ts$', '^src/openapi\\.ts$'] },
      to: { path: ['node_modules/fastify', 'node_modules/@fastify'] },
    },
    {
      name: 'src-does-not-import-cli-or-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^cli/', '^test/', '^bench/'] },
    },
    {
      name: 'cli-pipeline-commands-are-server-free',
      comment:
        'Pipeline commands speak HTTP only, so the CLI package needs none of the server dependencies: nothing in cli/ ' +
        'but the server commands (db-migrate, migrate, openapi, serve) imports src/ or a server library.',
      severity: 'error',
      from: { path: '^cli/', pathNot: '^cli/commands/(db-migrate|migrate|openapi|serve)\\.ts$' },
      to: { path: ['^src/', 'node_modules/(fastify|@fastify|@electric-sql|pg|pg-[^/]+|drizzle-orm|pino|close-with-grace)/'] },
    },
    {
      name: 'cli-server-commands-load-lazily',
      comment: 'program.ts loads the server commands with import() only when one is run, so they never slow a pipeline command.',
      severity: 'error',
      from: { path: '^cli/', pathNot: '^cli/commands/(db-migrate|migrate|openapi|serve)\\.ts$' },
      to: { path: '^cli/commands/(db-migrate|migrate|openapi|serve)\\.ts$', dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'ui-calls-services',
      comment: 'Pages are like routes: src/ui/ views and view models get their data from services, never from repositories or the database.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: ['\\.repository\\.ts$', '^src/db/', 'node_modules/drizzle-orm', 'node_modules/pg/', 'node_modules/@electric-sql'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true, dependencyTypesNot: ['type-only'] } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
