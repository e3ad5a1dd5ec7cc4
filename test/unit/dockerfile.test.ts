import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES } from '../../src/config.js';
import { envPairs, execForm, healthcheckCommand, isIgnored, parseDockerfile, parseDockerignore, splitFlags, stagesOf } from '../support/dockerfile.js';

// No Docker engine runs here: the Dockerfile is checked by reading it the way Docker does.
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const stages = stagesOf(parseDockerfile(read('Dockerfile')));
const runtime = stages.at(-1)!;
const ignored = parseDockerignore(read('.dockerignore'));
const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
const of = (keyword: string) => runtime.instructions.filter((instruction) => instruction.keyword === keyword);
const SUPPORTED_NODE = /^node:(24|26)(?:[.-][\w.-]+)?(?:@sha256:[0-9a-f]{64})?$/; // Node 24 and 26 LTS; 20 is past end of life

/** Every bare module the compiled server loads: src/ compiled the way tsc does it (type-only imports dropped, JSX runtime added). */
function runtimeModules(): Map<string, string[]> {
  const modules = new Map<string, string[]>();
  const options = { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX, jsxImportSource: '@kitajs/html' };
  for (const file of readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(file) || file.endsWith('.d.ts')) continue;
    const source = readFileSync(join(root, 'src', file), 'utf8');
    const output = ts.transpileModule(source, { compilerOptions: options, fileName: file }).outputText;
    const specifiers = ts.preProcessFile(output, true, true).importedFiles.map((entry) => entry.fileName);
    // Packages resolved by name at run time (src/ui/vendor.ts serves browser files from their npm packages).
    for (const match of output.matchAll(/(?:\bpkg:\s*|require\.resolve\(\s*)['"]([^'"./][^'"]*)['"]/g)) specifiers.push(match[1]!);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      modules.set(name, [...(modules.get(name) ?? []), `src/${file}`]);
    }
  }
  return modules;
}

describe('Dockerfile', () => {
  it('is multi-stage and every stage runs on a supported Node LTS (24 or 26)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = new Set(stages.map((stage) => stage.name).filter(Boolean));
    for (const stage of stages) if (!names.has(stage.image)) expect(stage.image).toMatch(SUPPORTED_NODE);
  });

  it('runs the last stage as a user that is not root, owning /data', () => {
    const users = of('USER').map((instruction) => instruction.args.split(':')[0]!);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!;
    expect(['root', '0']).not.toContain(user);
    const cmd = of('CMD').at(-1)!;
    expect(of('USER').at(-1)!.line).toBeLessThan(cmd.line);
    const chowns = of('RUN').filter((run) => new RegExp(`chown\\s+(-\\S+\\s+)*${user}(:\\S+)?\\s+(\\S+\\s+)*/data\\b`).test(run.args));
    expect(chowns, `no RUN chown ${user} … /data in the last stage`).not.toHaveLength(0);
  });

  it('installs only production dependencies in the last stage and copies no node_modules into it', () => {
    const installs = of('RUN').filter((run) => /\bnpm\s+(ci|install|i)\b/.test(run.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.args).toMatch(/--omit=dev\b/);
    for (const copy of of('COPY')) expect(copy.args).not.toMatch(/node_modules/);
  });

  it('needs no devDependency at run time: every package the server imports is in "dependencies"', () => {
    const modules = runtimeModules();
    expect(modules.has('fastify'), 'the scan found none of the server imports').toBe(true);
    for (const [name, files] of modules) {
      expect(manifest.dependencies, `${name} (imported by ${files.join(', ')}) is not a production dependency`).toHaveProperty([name]);
    }
    for (const vendored of ['htmx.org', 'cytoscape', 'cytoscape-dagre']) expect(modules.has(vendored), vendored).toBe(true);
  }, 120_000); // compiles all of src/ one file at a time

  it('has exec-form (JSON array) HEALTHCHECK and CMD, running node on dist/server.js with the node flags of npm start', () => {
    const health = of('HEALTHCHECK').map((instruction) => healthcheckCommand(instruction.args));
    expect(health).toHaveLength(1);
    expect(health[0]!.form).toBe('exec');
    expect(health[0]!.command[0]).toBe('node');
    expect(String(health[0]!.command.at(-1))).toContain('/diagnostic/status/heartbeat');
    const cmds = of('CMD');
    expect(cmds.length).toBeGreaterThan(0);
    // The memory settings (README, Performance) hold for the image as for `npm start`: same flags, same order.
    const start = manifest.scripts.start!.trim().split(/\s+/);
    expect(start[0]).toBe('node');
    expect(start.at(-1)).toBe('scripts/start.mjs');
    expect(execForm(cmds.at(-1)!.args)).toEqual(['node', ...start.slice(1, -1), 'dist/server.js']);
    const entrypoints = of('ENTRYPOINT');
    for (const entrypoint of entrypoints) expect(execForm(entrypoint.args), 'ENTRYPOINT in shell form swallows signals').toBeDefined();
  });

  it('listens on 0.0.0.0:9292 with /data as the data folder, through variables Treaty reads', () => {
    const env = Object.assign({}, ...of('ENV').map((instruction) => envPairs(instruction.args))) as Record<string, string>;
    expect(env).toMatchObject({ HOST: '0.0.0.0', PORT: '9292', TREATY_DATA_DIR: '/data' });
    const known = new Set<string>([...Object.values(ENV_NAMES).flat(), 'NODE_ENV']);
    for (const name of Object.keys(env)) expect(known, name).toContain(name);
    expect(of('EXPOSE').map((instruction) => instruction.args)).toContain('9292');
  });

  it('copies only paths that exist in the repository and are sent in the build context (dist/ is built)', () => {
    const copies = stages.flatMap((stage) => stage.instructions.filter((instruction) => ['COPY', 'ADD'].includes(instruction.keyword)));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const { flags, rest } = splitFlags(copy.args);
      const words = execForm(rest) ?? rest.split(/\s+/);
      for (const source of words.slice(0, -1)) {
        if (flags.from) {
          // From an earlier stage (WORKDIR /app): built output, or a file that stage copied from the context.
          const path = relative('/app', source);
          if (path === 'dist' || path.startsWith('dist/')) continue;
          expect(existsSync(join(root, path)), `${source} (line ${copy.line})`).toBe(true);
        } else {
          expect(existsSync(join(root, source)), `${source} (line ${copy.line}) is not in the repository`).toBe(true);
          if (source !== '.') expect(isIgnored(ignored, source), `${source} (line ${copy.line}) is excluded by .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('.dockerignore keeps installed, built and local data out of the build context', () => {
    for (const path of ['node_modules', 'node_modules/fastify/package.json', 'dist', 'data', 'test/.tmp', '.git']) {
      expect(isIgnored(ignored, path), path).toBe(true);
    }
    for (const path of ['src/server.ts', 'migrations', 'package-lock.json', 'tsconfig.json']) expect(isIgnored(ignored, path), path).toBe(false);
  });
});

describe('the Dockerfile reader', () => {
  it('joins continuation lines, skips comments and reads both HEALTHCHECK forms', () => {
    const [from, health, shell] = parseDockerfile('FROM node:24 AS build\n# note\nHEALTHCHECK --interval=5s \\\n  # inside\n  CMD ["node", "-e", "0"]\nHEALTHCHECK CMD curl -f http://x/ || exit 1\n');
    expect(from).toMatchObject({ keyword: 'FROM', args: 'node:24 AS build', line: 1 });
    expect(healthcheckCommand(health!.args)).toEqual({ flags: { interval: '5s' }, form: 'exec', command: ['node', '-e', '0'] });
    expect(healthcheckCommand(shell!.args).form).toBe('shell');
    expect(execForm('node dist/server.js')).toBeUndefined();
  });

  it('matches .dockerignore patterns as Docker does for plain paths, globs and exceptions', () => {
    const patterns = parseDockerignore('# c\nnode_modules/\n*.log\n**/.tmp\ndocs\n!docs/keep.md\n');
    expect(isIgnored(patterns, 'node_modules/a/b.js')).toBe(true);
    expect(isIgnored(patterns, 'server.log')).toBe(true);
    expect(isIgnored(patterns, 'logs/server.log')).toBe(false);
    expect(isIgnored(patterns, 'test/.tmp/x')).toBe(true);
    expect(isIgnored(patterns, 'test/x.tmp')).toBe(false);
    expect(isIgnored(patterns, 'docs/a.md')).toBe(true);
    expect(isIgnored(patterns, 'docs/keep.md')).toBe(false);
    expect(isIgnored(patterns, 'src/node_modules.ts')).toBe(false);
  });
});
