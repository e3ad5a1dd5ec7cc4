// Every option shared by several commands, declared once with the official `pact broker` flag names and short flags,
// and the pure resolution of the broker connection from flags and the environment.
import { type Command, Option } from 'commander';
import { usageError } from './exit-codes.js';
import { FORMATS, type Format } from './output.js';

export interface BrokerFlags {
  brokerBaseUrl?: string;
  brokerToken?: string;
  brokerUsername?: string;
  brokerPassword?: string;
  verbose?: boolean;
}

export type BrokerAuth = { kind: 'token'; token: string } | { kind: 'basic'; username: string; password: string } | { kind: 'none' };

export interface BrokerConnection {
  baseUrl: string;
  auth: BrokerAuth;
  verbose: boolean;
}

/** Flag first, then Treaty's variable, then the official Pact CLI's. */
const SOURCES = {
  url: ['TREATY_BROKER_URL', 'PACT_BROKER_BASE_URL'],
  token: ['TREATY_BROKER_TOKEN', 'PACT_BROKER_TOKEN'],
  username: ['TREATY_BROKER_USERNAME', 'PACT_BROKER_USERNAME'],
  password: ['TREATY_BROKER_PASSWORD', 'PACT_BROKER_PASSWORD'],
} as const;

function pick(flag: string | undefined, names: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  if (flag !== undefined && flag !== '') return flag;
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Pure: flags + environment → where and how to reach the broker, or a usage error naming what is missing. */
export function resolveBroker(flags: BrokerFlags, env: NodeJS.ProcessEnv): BrokerConnection {
  const raw = pick(flags.brokerBaseUrl, SOURCES.url, env);
  if (raw === undefined) throw usageError('No broker URL: pass --broker-base-url (-b) or set TREATY_BROKER_URL (or PACT_BROKER_BASE_URL)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`The broker URL is not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`The broker URL must start with http:// or https:// (got ${url.protocol})`);
  // Credentials in the URL would be printed by --verbose and sent on every request; take them as basic auth instead.
  const urlUser = url.username ? decodeURIComponent(url.username) : undefined;
  const urlPassword = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = '';
  url.password = '';
  const baseUrl = url.toString().replace(/\/+$/, '');

  const token = pick(flags.brokerToken, SOURCES.token, env);
  const username = pick(flags.brokerUsername, SOURCES.username, env) ?? urlUser;
  const password = pick(flags.brokerPassword, SOURCES.password, env) ?? urlPassword;
  let auth: BrokerAuth = { kind: 'none' };
  if (token !== undefined) auth = { kind: 'token', token };
  else if (username !== undefined) auth = { kind: 'basic', username, password: password ?? '' };
  return { baseUrl, auth, verbose: flags.verbose === true };
}

/** The connection options every broker command takes. */
export function addBrokerOptions(command: Command): Command {
  return command
    .option('-b, --broker-base-url <url>', 'broker base URL (env TREATY_BROKER_URL, PACT_BROKER_BASE_URL)')
    .option('-k, --broker-token <token>', 'bearer token (env TREATY_BROKER_TOKEN, PACT_BROKER_TOKEN)')
    .option('-u, --broker-username <username>', 'basic auth username (env TREATY_BROKER_USERNAME, PACT_BROKER_USERNAME)')
    .option('-p, --broker-password <password>', 'basic auth password (env TREATY_BROKER_PASSWORD, PACT_BROKER_PASSWORD)')
    .option('-v, --verbose', 'print each HTTP request and response status on stderr (never credentials)');
}

export function addOutputOption(command: Command, formats: readonly Format[] = FORMATS): Command {
  return command.addOption(new Option('-o, --output <format>', 'output format').choices([...formats]).default('text'));
}

/** Options whose value may be repeated (`-t a -t b`) and comma-separated (`-t a,b`), as the official CLI accepts tags. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  return [...(previous ?? []), ...items];
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A non-negative number of seconds or tries. */
export function nonNegativeNumber(name: string, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
      throw usageError(`${name} must be a ${integer ? 'whole ' : ''}number of 0 or more (got ${value})`);
    }
    return n;
  };
}

export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw usageError(`Missing required option ${flag}`);
  return value;
}
