// The program's shape, in process: every command's --help has an example, and the exit codes are documented.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, main } from '../../../cli/program.js';

function helpOf(command: Command): string {
  let out = '';
  command.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  command.outputHelp();
  return out;
}

function leaves(command: Command, prefix = ''): [string, Command][] {
  return command.commands.flatMap((c): [string, Command][] => {
    const name = `${prefix}${c.name()}`;
    return c.commands.length === 0 ? [[name, c]] : leaves(c, `${name} `);
  });
}

describe('treaty program', () => {
  const program = buildProgram('1.2.3');

  it('has the pipeline and server commands', () => {
    expect(leaves(program).map(([name]) => name)).toEqual([
      'publish', 'can-i-deploy', 'can-i-merge', 'record-deployment', 'record-undeployment', 'record-release', 'record-support-ended',
      'create-environment', 'list-environments', 'describe-version', 'create-or-update-version', 'create-version-tag', 'create-webhook',
      'token create', 'token list', 'token revoke', 'migrate', 'serve', 'db-migrate', 'openapi',
    ]);
  });

  it.each(leaves(buildProgram('1.2.3')))('%s --help has an example', (name, command) => {
    expect(helpOf(command)).toMatch(new RegExp(`Examples?:\\n {2}.*treaty ${name}`));
  });

  it('documents the exit codes and the environment variables', () => {
    const help = helpOf(program);
    expect(help).toContain('Exit codes:\n  0  yes / success\n  1  no');
    expect(help).toContain('2  still unknown after the retries');
    expect(help).toContain('3  usage error, broker unreachable');
    for (const name of ['TREATY_BROKER_URL', 'PACT_BROKER_BASE_URL', 'TREATY_BROKER_TOKEN', 'PACT_BROKER_TOKEN', 'TREATY_BROKER_USERNAME', 'TREATY_BROKER_PASSWORD']) {
      expect(help).toContain(name);
    }
    expect(helpOf(program.commands.find((c) => c.name() === 'can-i-deploy')!)).toContain('Exit codes:');
  });
});

describe('treaty program, standalone package (cli/standalone.ts)', () => {
  const program = buildProgram('1.2.3', { standalone: true });

  it('has the same commands; the server ones say they need a Treaty checkout', () => {
    expect(leaves(program).map(([name]) => name)).toEqual(leaves(buildProgram('1.2.3')).map(([name]) => name));
    for (const name of ['migrate', 'serve', 'db-migrate', 'openapi']) {
      expect(program.commands.find((c) => c.name() === name)!.description()).toMatch(/\[in a Treaty checkout only\]$/);
    }
    expect(helpOf(program)).toContain('This is the standalone CLI package: migrate, serve, db-migrate and openapi run the broker itself');
    expect(helpOf(buildProgram('1.2.3'))).not.toContain('standalone');
  });

  it('a server command is a usage error (exit 3) naming where it runs, and loads no server code', async () => {
    const errors: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['node', 'treaty', 'serve'], { standalone: true })).toBe(3);
    } finally {
      process.stderr.write = original;
    }
    expect(errors.join('')).toBe(
      'error: treaty serve runs the broker, which this package does not contain: run it inside a Treaty checkout (npx treaty serve) or the Treaty image\n',
    );
  });
});
