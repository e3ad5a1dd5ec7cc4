// The README's "Pipelines" snippets, tested as far as they can be without a CI: their YAML parses, every `treaty`
// command line in them parses with the real program (an unknown command or flag fails), each (command, flag) is one
// the CLI's subprocess tests run, and the CI variables they pass are those `treaty publish` reads.
import { readdirSync, readFileSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/program.js';
import { CI_SOURCES } from '../../cli/shared/ci.js';
import { resolveBroker } from '../../cli/shared/options.js';
import { parseYaml, readmeSection, scriptsOf, shellCommands, snippets, treatyLines, type CiKind, type TreatyLine } from '../support/readme-snippets.js';

const section = readmeSection('Pipelines');
const blocks = snippets(section);
const yamlBlocks = blocks.filter((b) => b.lang === 'yaml');
const shBlocks = blocks.filter((b) => b.lang === 'sh');

const workflows = yamlBlocks.map((b, i) => ({ ...scriptsOf(parseYaml(b.text)), index: i, yaml: parseYaml(b.text) as Record<string, unknown> }));
const lines: TreatyLine[] = [
  ...workflows.flatMap((w) => treatyLines(w.scripts, `yaml snippet ${w.index + 1} (${w.kind})`)),
  ...shBlocks.flatMap((b, i) => treatyLines([b.text], `sh snippet ${i + 1}`)),
];

/** The connection options every broker command shares; any subprocess test using them covers them for all. */
const CONNECTION = new Set(['brokerBaseUrl', 'brokerToken', 'brokerUsername', 'brokerPassword', 'verbose']);

interface Parsed {
  command: string;
  /** Attribute names of the options given on the command line. */
  options: string[];
}

/** Parses argv with the real program, running nothing: each command's action only records what was parsed. */
function parseOnly(args: string[]): Parsed {
  const program = buildProgram('0.0.0');
  let parsed: Parsed | undefined;
  let errors = '';
  const visit = (command: Command, path: string[]) => {
    command.configureOutput({ writeOut: () => {}, writeErr: (s) => (errors += s) });
    if (command.commands.length === 0 && path.length > 0) {
      command.action(() => {
        const options = command.options.map((o) => o.attributeName()).filter((name) => command.getOptionValueSource(name) === 'cli');
        parsed = { command: path.join(' '), options };
      });
    }
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  try {
    program.parse(['node', 'treaty', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) throw new Error(`treaty ${args.join(' ')}: ${errors.trim() || error.message}`);
    throw error;
  }
  if (parsed === undefined) throw new Error(`treaty ${args.join(' ')}: ran no command`);
  return parsed;
}

/** The leaf command for a name ("token create"), to map the flags a test passes to option names. */
function commandNamed(name: string): Command | undefined {
  let command: Command | undefined = buildProgram('0.0.0');
  for (const part of name.split(' ')) command = command?.commands.find((c) => c.name() === part);
  return command;
}

/** The single-quoted literals of each `cli(…)`, `admin(…)`, `treaty([…])` call in a test file's source. */
function callsIn(source: string): string[][] {
  const calls: string[][] = [];
  for (const match of source.matchAll(/\b(?:cli|admin|treaty)\(\[?/g)) {
    let depth = 1;
    let i = match.index + match[0].length;
    const start = i;
    for (; i < source.length && depth > 0; i++) {
      const c = source[i];
      if (c === "'" || c === '`' || c === '"') {
        for (i++; i < source.length && source[i] !== c; i++) if (source[i] === '\\') i++;
      } else if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    const literals = [...source.slice(start, i).matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);
    if (literals.length > 0) calls.push(literals);
  }
  return calls;
}

/** (command → option names) run by test/interop/treaty-cli-*.test.ts, plus the connection options any of them use. */
function interopCoverage(): { byCommand: Map<string, Set<string>>; connection: Set<string> } {
  const dir = new URL('../interop/', import.meta.url);
  const byCommand = new Map<string, Set<string>>();
  const connection = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => /^treaty-cli-.*\.test\.ts$/.test(f))) {
    for (const literals of callsIn(readFileSync(new URL(file, dir), 'utf8'))) {
      const name = literals[0] === 'token' ? `token ${literals[1]}` : literals[0]!;
      const command = commandNamed(name);
      for (const flag of literals.filter((l) => l.startsWith('-'))) {
        const option = (command ?? commandNamed('list-environments'))!.options.find((o) => o.short === flag || o.long === flag.split('=')[0]);
        if (option === undefined) continue;
        const attribute = option.attributeName();
        if (CONNECTION.has(attribute)) connection.add(attribute);
        else if (command) byCommand.set(name, (byCommand.get(name) ?? new Set()).add(attribute));
      }
      if (command) byCommand.set(name, byCommand.get(name) ?? new Set());
    }
  }
  return { byCommand, connection };
}

describe('README "Pipelines" snippets', () => {
  it('has GitHub Actions and GitLab CI pipelines for a consumer and a provider, and the webhooks', () => {
    expect(workflows.map((w) => w.kind)).toEqual(['github', 'gitlab', 'github', 'gitlab']);
    const commands = new Set(lines.map((l) => parseOnly(l.args).command));
    expect([...commands].sort()).toEqual(['can-i-deploy', 'create-webhook', 'publish', 'record-deployment', 'token create']);
    const verifier = workflows.slice(2).flatMap((w) => w.scripts.flatMap(shellCommands)).filter((words) => words[1] === 'pact' && words[2] === 'verifier');
    expect(verifier).toHaveLength(2);
    // The official verifier's flags are the ones test/interop/verifier.test.ts runs against Treaty.
    const tested = readFileSync(new URL('../interop/verifier.test.ts', import.meta.url), 'utf8');
    for (const words of verifier) {
      for (const flag of ['--publish', '--enable-pending', '--include-wip-pacts-since', '--consumer-version-selectors', '--provider-branch']) expect(words).toContain(flag);
      for (const flag of words.filter((w) => w.startsWith('--'))) expect(tested, flag).toContain(`'${flag}'`);
      for (const selector of words.filter((_, i) => words[i - 1] === '--consumer-version-selectors')) expect(tested).toContain(`'${selector}'`);
    }
  });

  it.each(lines.map((l) => [l.source, l] as const))('parses: %s', (_source, line) => {
    expect(() => parseOnly(line.args)).not.toThrow();
  });

  it('the parse check fails on an unknown command or flag', () => {
    expect(() => parseOnly(['can-i-deploy', '-a', 'web', '-e', '1', '--to-enviroment', 'production'])).toThrow(/unknown option '--to-enviroment'/);
    expect(() => parseOnly(['record-deploy', '-a', 'web'])).toThrow(/unknown command 'record-deploy'/);
    expect(() => parseOnly(['create-webhook'])).toThrow(/missing required argument 'url'/);
  });

  it('each (command, flag) the snippets use is run by the CLI subprocess tests', () => {
    const { byCommand, connection } = interopCoverage();
    for (const line of lines) {
      const { command, options } = parseOnly(line.args);
      expect(byCommand.has(command), `${line.source}: no test/interop/treaty-cli-*.test.ts runs treaty ${command}`).toBe(true);
      for (const option of options) {
        const covered = CONNECTION.has(option) ? connection : byCommand.get(command)!;
        expect(covered.has(option), `${line.source}: no subprocess test runs treaty ${command} with ${option}`).toBe(true);
      }
    }
  });

  it('the webhooks fire on changed contracts, fill in ${pactbroker.*} and keep the CI token as a ${user.*} secret', () => {
    const webhooks = lines.filter((l) => l.args[0] === 'create-webhook');
    expect(webhooks).toHaveLength(2);
    for (const { args } of webhooks) {
      expect(args).toContain('--contract-content-changed');
      const data = args[args.indexOf('-d') + 1]!;
      expect(() => JSON.parse(data)).not.toThrow();
      expect(data).toContain('${pactbroker.pactUrl}');
      expect(`${args.join(' ')}`).toMatch(/\$\{user\.[A-Za-z]\w*\}/);
      expect(args[1]!).not.toContain('${user.');
    }
    expect(webhooks[0]!.args[1]).toMatch(/^https:\/\/api\.github\.com\/repos\/[^/]+\/[^/]+\/dispatches$/);
    expect(webhooks[1]!.args[1]).toMatch(/^https:\/\/gitlab\.example\.com\/api\/v4\/projects\/\d+\/trigger\/pipeline$/);
    // The GitHub provider workflow listens for the event_type the webhook sends.
    const eventType = (JSON.parse(webhooks[0]!.args[webhooks[0]!.args.indexOf('-d') + 1]!) as { event_type: string }).event_type;
    const on = workflows[2]!.yaml.on as { repository_dispatch: { types: string[] } };
    expect(on.repository_dispatch.types).toEqual([eventType]);
  });

  it('the token is a ci token, and both workflows give the broker through variables treaty reads', () => {
    const token = lines.find((l) => l.args[0] === 'token')!;
    expect(token.args.slice(0, 2)).toEqual(['token', 'create']);
    expect(token.args[token.args.indexOf('--role') + 1]).toBe('ci');
    for (const w of workflows) {
      const env = (w.kind === 'github' ? w.yaml.env : w.yaml.variables) as Record<string, string>;
      const broker = resolveBroker({}, { ...env, PACT_BROKER_TOKEN: 'from-the-ci-secret' });
      expect(broker.baseUrl).toBe('https://treaty.example.com');
      expect(broker.auth).toEqual({ kind: 'token', token: 'from-the-ci-secret' });
      if (w.kind === 'github') expect(env.PACT_BROKER_TOKEN).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    }
  });

  it('the CI variables passed as versions and branches are the ones treaty publish reads for that CI', () => {
    const source: Record<CiKind, (typeof CI_SOURCES)[number]> = {
      github: CI_SOURCES.find((s) => s.name === 'GitHub Actions')!,
      gitlab: CI_SOURCES.find((s) => s.name === 'GitLab CI')!,
    };
    for (const w of workflows) {
      const commands = w.scripts.flatMap(shellCommands);
      const valueOf = (words: string[], flags: string[]) => words.flatMap((word, i) => (flags.includes(word) ? [words[i + 1]!] : []));
      const versions = commands.flatMap((words) => valueOf(words, ['-e', '--version', '--provider-version']));
      const branches = commands.flatMap((words) => valueOf(words, ['--branch', '--provider-branch']));
      expect(versions.length).toBeGreaterThan(0);
      for (const v of versions) expect(v, `${w.kind}: ${v}`).toBe(`$${source[w.kind].version}`);
      for (const b of branches) expect(source[w.kind].branch.map((name) => `$${name}`), `${w.kind}: ${b}`).toContain(b);
      // publish is given no version or branch: it detects them from these variables.
      for (const words of commands.filter((c) => c[1] === 'treaty' && c[2] === 'publish')) expect(words.slice(3)).toEqual(['./pacts']);
    }
    expect(section).toContain('`GITHUB_SHA` and `GITHUB_HEAD_REF` (else `GITHUB_REF_NAME`)');
    expect(section).toContain('`CI_COMMIT_SHA` and `CI_COMMIT_REF_NAME`');
  });
});
