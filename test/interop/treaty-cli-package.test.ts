// The standalone CLI package as a pipeline gets it: built and packed (what `npm run pack:cli` does, into a temporary
// directory so dist-cli/ is left alone), installed from the tarball into an empty project with `npm install --offline`
// (which succeeds only because the package has no dependencies to fetch), then run from node_modules/.bin against a
// Treaty on a free port: --version, a can-i-deploy that says yes and one that says no with the reason.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDataBuilder } from '../support/test-data-builder.js';
import { startBroker, type RunningBroker } from './broker.js';
import { oneLineError, treatyEnv, type TreatyRun } from './treaty-cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let broker: RunningBroker;
let work: string;
let project: string;
let tarball: string;

function run(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<TreatyRun> {
  return new Promise((done, fail) => {
    execFile(file, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return fail(error);
      done({ code: error ? (error.code as number) : 0, stdout, stderr, output: `${stdout}${stderr}` });
    });
  });
}

/** npm with its cache in the work directory (nothing read from or written to the user's cache) and no network. */
function npm(args: string[], cwd: string): Promise<TreatyRun> {
  const env = { ...process.env, npm_config_cache: join(work, 'npm-cache'), npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  return run(NPM, args, { cwd, env });
}

/** The installed `treaty`, as a pipeline runs it: the bin link npm made, with a clean environment. */
const installed = (...args: string[]) => run(join(project, 'node_modules/.bin/treaty'), args, { cwd: project, env: treatyEnv() });

const rootVersion = async () => (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'treaty-cli-package-'));
  const build = await run(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), '--package-only', join(work, 'package')], { cwd: ROOT });
  expect(build.code, build.output).toBe(0);
  const pack = await npm(['pack', join(work, 'package'), '--json', '--pack-destination', work], work);
  expect(pack.code, pack.output).toBe(0);
  tarball = join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);

  project = join(work, 'project');
  await mkdir(project);
  await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'a-pipeline', private: true }, null, 2)}\n`);
  const install = await npm(['install', '--offline', '--no-audit', '--no-fund', tarball], project);
  expect(install.code, install.output).toBe(0);

  broker = await startBroker();
  await testDataBuilder(broker.testApp.container.services)
    .publishPact({ consumer: 'web', provider: 'orders', version: '1a2b3c' })
    .createVersion('orders', '7')
    .recordDeployment({ pacticipant: 'orders', version: '7', environment: 'production' })
    .verify({ consumer: 'web', provider: 'orders', consumerVersion: '1a2b3c', providerVersion: '7', success: true })
    .publishPact({ consumer: 'web', provider: 'orders', version: '4d5e6f', interactions: ['web 4d5e6f asks for the new field'] })
    .verify({ consumer: 'web', provider: 'orders', consumerVersion: '4d5e6f', providerVersion: '7', success: false })
    .done();
}, 180_000);

afterAll(async () => {
  await broker?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed treaty-cli package', () => {
  it('installs offline with nothing but itself in node_modules', async () => {
    expect(tarball).toMatch(new RegExp(`treaty-cli-${(await rootVersion()).replace(/\./g, '\\.')}\\.tgz$`));
    const modules = (await readdir(join(project, 'node_modules'))).filter((name) => !['.bin', '.package-lock.json'].includes(name));
    expect(modules).toEqual(['treaty-cli']);
    const manifest = JSON.parse(await readFile(join(project, 'node_modules/treaty-cli/package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'treaty-cli', version: await rootVersion(), bin: { treaty: 'bin/treaty.js' }, engines: { node: '>=20' } });
    expect(manifest.dependencies).toBeUndefined();
    expect((await readdir(join(project, 'node_modules/treaty-cli'))).sort()).toEqual(['README.md', 'THIRD-PARTY-NOTICES.md', 'bin', 'lib', 'package.json']);
  });

  it('treaty --version prints the root package version', async () => {
    const result = await installed('--version');
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toBe(`${await rootVersion()}\n`);
  });

  it('can-i-deploy: yes, exit 0, with the verified row', async () => {
    const result = await installed('can-i-deploy', '-a', 'web', '-e', '1a2b3c', '--to-environment', 'production', '-b', broker.baseUrl);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/^web +1a2b3c +orders +7 +success +verified$/m);
    expect(result.stdout).toContain('Computer says yes \\o/ can-i-deploy web 1a2b3c to production');
    expect(result.stderr).toBe('');
  });

  it('can-i-deploy: no, exit 1, with the failed verification as the reason', async () => {
    const result = await installed('can-i-deploy', '-a', 'web', '-e', '4d5e6f', '--to-environment', 'production', '-b', broker.baseUrl);
    expect(result.code, result.output).toBe(1);
    expect(result.stdout).toMatch(/^web +4d5e6f +orders +7 +failed +verification failed$/m);
    expect(result.stdout).toContain(
      'Why:\n  - The verification for the pact between version 4d5e6f of web and the version of orders currently in production (7) failed\n',
    );
    expect(result.stdout).toContain("Next steps:\n  - orders version 7 failed to verify web's pact for version 4d5e6f: fix web or orders so they agree");
    expect(result.stdout).toContain('Computer says no: can-i-deploy web 4d5e6f to production');
  });

  it('the server commands say they need a Treaty checkout (exit 3), and --help says so', async () => {
    const serve = await installed('serve');
    expect(serve.code, serve.output).toBe(3);
    expect(oneLineError(serve)).toContain('run it inside a Treaty checkout (npx treaty serve) or the Treaty image');
    const help = await installed('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('This is the standalone CLI package');
  });
});
