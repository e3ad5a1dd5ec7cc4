// `npm run build:cli`: bundles the CLI with esbuild (tsx's own dependency, through its JS API) into single ES modules
// that include commander, so `treaty` starts without tsx and without resolving a tree of modules:
//   dist-cli/treaty.js     the checkout's build: bin/treaty.js runs it while it is fresh (bin/cli-build.js)
//   dist-cli/treaty-cli/   the standalone package: package.json (no dependencies), README.md, the commander licence,
//                          bin/treaty.js (enables the compile cache, then loads) lib/treaty.js (the bundle)
// In both the server commands (migrate, serve, db-migrate, openapi) are a stub: they need src/ and migrations/, so
// bin/treaty.js runs them from the sources and the package only says where they run. The build fails if anything
// from src/ or a server library got into a bundle. dist-cli/build.json is written last: its mtime is the build's time.
//
//   node scripts/build-cli.mjs                        both, into dist-cli/
//   node scripts/build-cli.mjs --pack [--pack-destination <dir>]   then `npm pack` the package (npm run pack:cli)
//   node scripts/build-cli.mjs --package-only <dir>  only the package, into <dir> (tests: leaves dist-cli/ alone)
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
// esbuild is not a direct dependency: take the copy tsx resolves, so the version is the one tsx was tested with.
const esbuild = await import(createRequire(require.resolve('tsx')).resolve('esbuild'));
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const PACKAGE_NAME = 'treaty-cli';

const { values: flags } = parseArgs({
  options: { pack: { type: 'boolean' }, 'pack-destination': { type: 'string' }, 'package-only': { type: 'string' } },
});

const SERVER_COMMAND = /\/commands\/(migrate|serve|db-migrate|openapi)\.js$/;
const FORBIDDEN_INPUT = /(^|\/)src\/|node_modules\/(fastify|@fastify|@electric-sql|pg|pg-[^/]+|drizzle-orm|pino|close-with-grace|tsx)\//;

/** The server command modules, replaced: unreachable through bin/treaty.js or the package, but never a crash. */
const serverCommandStub = {
  name: 'server-command-stub',
  setup(build) {
    build.onResolve({ filter: SERVER_COMMAND }, (args) => ({ path: args.path, namespace: 'server-command-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'server-command-stub' }, (args) => ({
      contents: `export async function run() {
  throw new Error(${JSON.stringify(`treaty ${args.path.match(SERVER_COMMAND)[1]} runs from the TypeScript sources: npx treaty in a Treaty checkout (or TREATY_CLI_SOURCE=1)`)});
}`,
      loader: 'js',
    }));
  },
};

async function bundle(entry, outfile) {
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [serverCommandStub],
    // commander is CommonJS: its require('node:…') calls need a real require in an ES module.
    banner: { js: "import { createRequire as __treatyRequire } from 'node:module'; const require = __treatyRequire(import.meta.url);" },
  });
  const forbidden = Object.keys(result.metafile.inputs).filter((input) => FORBIDDEN_INPUT.test(input));
  if (forbidden.length > 0) throw new Error(`${entry}: server code in the CLI bundle: ${forbidden.join(', ')}`);
  return outfile;
}

const write = (path, text) => writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);

async function buildPackage(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  await bundle('cli/standalone.ts', join(dir, 'lib/treaty.js'));
  write(
    join(dir, 'bin/treaty.js'),
    `#!/usr/bin/env node
// Node 22.1+ keeps the compiled bundle between runs (a no-op on Node 20), so enable it before loading the bundle.
import module from 'node:module';

module.enableCompileCache?.();
await import('../lib/treaty.js');`,
  );
  chmodSync(join(dir, 'bin/treaty.js'), 0o755);
  write(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: PACKAGE_NAME,
        version: rootPackage.version,
        description: 'The treaty command line for pipelines: publish pacts, can-i-deploy, record deployments against a Treaty (or Pact) broker',
        type: 'module',
        bin: { treaty: 'bin/treaty.js' },
        engines: { node: '>=20' },
        files: ['bin/', 'lib/', 'README.md', 'THIRD-PARTY-NOTICES.md'],
        keywords: ['pact', 'contract-testing', 'can-i-deploy', 'treaty', 'cli'],
      },
      null,
      2,
    ),
  );
  write(join(dir, 'README.md'), packageReadme());
  const commanderDir = join(root, 'node_modules/commander');
  const commander = JSON.parse(readFileSync(join(commanderDir, 'package.json'), 'utf8'));
  write(
    join(dir, 'THIRD-PARTY-NOTICES.md'),
    `# Third-party notices\n\nlib/treaty.js bundles commander ${commander.version} (${commander.license}):\n\n\`\`\`\n${readFileSync(join(commanderDir, 'LICENSE'), 'utf8').trim()}\n\`\`\``,
  );
  return dir;
}

function packageReadme() {
  return `# treaty-cli ${rootPackage.version}

The \`treaty\` command line for pipelines, on its own: publish pacts, ask can-i-deploy, record deployments and
releases, manage environments, versions, webhooks and tokens of a Treaty broker (the flag names of the official
\`pact broker\` commands). It needs Node.js 20 or later and nothing else: no dependencies (commander is bundled).

\`\`\`sh
npm install -g ./treaty-cli-${rootPackage.version}.tgz      # or: npx --package ./treaty-cli-${rootPackage.version}.tgz treaty --help
export TREATY_BROKER_URL=https://treaty.example.com TREATY_BROKER_TOKEN=…
treaty publish ./pacts
treaty can-i-deploy -a web -e "$GITHUB_SHA" --to-environment production --retry-while-unknown 10 --retry-interval 10
treaty record-deployment -a web -e "$GITHUB_SHA" --environment production
\`\`\`

Exit codes: 0 yes / success, 1 no (or the broker refused the request), 2 still unknown after the retries, 3 usage
error, broker unreachable or failing, authentication refused, bad input files. \`treaty <command> --help\` shows
every flag and an example.

The server commands (\`serve\`, \`migrate\`, \`db-migrate\`, \`openapi\`) are not in this package: they run the broker,
inside a Treaty checkout (\`npx treaty serve\`) or the Treaty image. Built from the Treaty repository with
\`npm run pack:cli\`.`;
}

if (flags['package-only']) {
  process.stdout.write(`built ${await buildPackage(resolve(flags['package-only']))}\n`);
} else {
  const out = join(root, 'dist-cli');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // The checkout's bundle sits one level below the root, so program.ts's '../package.json' is the root package.json.
  await bundle('cli/index.ts', join(out, 'treaty.js'));
  const dir = await buildPackage(join(out, PACKAGE_NAME));
  write(join(out, 'build.json'), JSON.stringify({ version: rootPackage.version, note: 'Generated by npm run build:cli; do not edit' }));
  process.stdout.write(`built ${out}/treaty.js and the package ${dir}\n`);
  if (flags.pack) {
    const destination = resolve(flags['pack-destination'] ?? root);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = JSON.parse(execFileSync(npm, ['pack', dir, '--json', '--pack-destination', destination], { encoding: 'utf8' }));
    process.stdout.write(`packed ${join(destination, packed[0].filename)}\n`);
  }
}
