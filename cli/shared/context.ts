// What every broker command needs at run time: the client built from flags + environment, the action wrapper that
// prints the result in the chosen format and sets the exit code, and lookups several commands share.
import { EXIT, refused } from './exit-codes.js';
import { BrokerClient, seg } from './http.js';
import { type BrokerFlags, resolveBroker } from './options.js';
import { emit, type CommandResult, type Format } from './output.js';
import { retryPolicyFromEnv } from './retry.js';

export function brokerClient(flags: BrokerFlags, env: NodeJS.ProcessEnv = process.env): BrokerClient {
  return new BrokerClient(resolveBroker(flags, env), { retry: retryPolicyFromEnv(env), userAgent: `treaty-cli/${cliVersion()}` });
}

let version: string | undefined;
export function cliVersion(): string {
  version ??= process.env.TREATY_CLI_VERSION ?? '0.0.0';
  return version;
}
export function setCliVersion(v: string): void {
  version = v;
}

/** Runs a command's body, prints its result in --output's format and leaves its exit code for the entry point. */
export function runner<O extends { output?: Format }>(body: (options: O) => Promise<CommandResult>) {
  return async (options: O): Promise<void> => {
    const result = await body(options);
    emit(result, options.output ?? 'text');
    process.exitCode = result.exitCode;
  };
}

export interface EnvironmentResource {
  uuid: string;
  name: string;
  displayName?: string;
  production?: boolean;
  _links?: Record<string, { href: string }>;
}

/** The environment with this name (clients know names; the API addresses environments by uuid). */
export async function findEnvironment(client: BrokerClient, name: string): Promise<EnvironmentResource> {
  const { body } = await client.get('/environments');
  const all: EnvironmentResource[] = body?._embedded?.environments ?? [];
  const found = all.find((e) => e.name === name);
  if (!found) {
    const known = all.length === 0 ? '' : ` (known: ${all.map((e) => e.name).join(', ')})`;
    throw refused(`Environment ${name} does not exist${known}: create it with treaty create-environment --name ${name}`);
  }
  return found;
}

/** GET a pacticipant version, with a clear refusal when it does not exist. */
export async function getVersion(client: BrokerClient, pacticipant: string, number: string): Promise<any> {
  const res = await client.get(`/pacticipants/${seg(pacticipant)}/versions/${seg(number)}`, { allow: [404] });
  if (res.status === 404) throw refused(`Version ${number} of ${pacticipant} does not exist in the broker: publish its pacts or verification results first`);
  return res.body;
}

export { EXIT };
