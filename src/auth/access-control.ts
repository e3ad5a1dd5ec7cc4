// Who a request is: turns a parsed credential into a Principal, and knows whether access control is on at all.
// Transport-free; src/http/authorization.ts applies it to requests with the policy table.
import { type AuthSettings, type BasicCredentials, credentialsConfigured } from '../config.js';
import { type Credential, secretsEqual } from './credentials.js';
import { OPEN_ACCESS, type Principal } from './principal.js';
import type { TokensService } from './tokens.service.js';

/** How long "is any API token usable?" is trusted before asking the database again. */
export const TOKEN_STATE_RECHECK_MS = 5_000;

export const BOOTSTRAP_PRINCIPAL_ID = 'TREATY_ADMIN_TOKEN';

export function createAccessControl(deps: { settings: AuthSettings; tokens: TokensService; recheckMs?: number; now?: () => number }) {
  const { settings, tokens } = deps;
  const recheckMs = deps.recheckMs ?? TOKEN_STATE_RECHECK_MS;
  const now = deps.now ?? Date.now;
  const configured = credentialsConfigured(settings);
  let known: { on: boolean; at: number } | undefined;
  let asking: Promise<boolean> | undefined;

  /** Both halves of both users are always compared (no short-circuit), so timing tells nothing about a near miss. */
  function matches(user: BasicCredentials | undefined, username: string, password: string): boolean {
    if (user === undefined) return false;
    const name = secretsEqual(username, user.username);
    const pass = secretsEqual(password, user.password);
    return name && pass;
  }

  function basicPrincipal(username: string, password: string): Principal | undefined {
    const rw = matches(settings.basic, username, password);
    const ro = matches(settings.readOnlyBasic, username, password);
    if (rw) return { kind: 'basic', id: username, role: 'admin' };
    if (ro) return { kind: 'basic', id: username, role: 'read' };
    return undefined;
  }

  return {
    /** Any credential configured by environment (access control is then on for good). */
    configured,
    /** On when a credential is configured or a usable API token exists (cached for recheckMs). */
    /** isOn's answer when it needs no database (configured, or the token state still fresh), else undefined. */
    knownState(): boolean | undefined {
      if (configured) return true;
      return known && now() - known.at < recheckMs ? known.on : undefined;
    },
    async isOn(): Promise<boolean> {
      if (configured) return true;
      if (known && now() - known.at < recheckMs) return known.on;
      asking ??= tokens
        .anyUsable()
        .then((on) => {
          known = { on, at: now() };
          return on;
        })
        .finally(() => {
          asking = undefined;
        });
      return asking;
    },
    /** Forget the cached token state (a token was created or revoked in this process). */
    invalidate(): void {
      known = undefined;
    },
    /** The principal of a request without credentials while access control is on. */
    anonymous(): Principal {
      return { kind: 'anonymous', id: null, role: settings.allowPublicRead ? 'read' : null };
    },
    /** The principal a credential proves, or undefined when it proves nothing. */
    async authenticate(credential: Credential): Promise<Principal | undefined> {
      if (credential.scheme === 'basic') return basicPrincipal(credential.username, credential.password);
      if (settings.adminToken !== undefined && secretsEqual(credential.token, settings.adminToken)) {
        return { kind: 'bootstrap', id: BOOTSTRAP_PRINCIPAL_ID, role: 'admin' };
      }
      const token = await tokens.authenticate(credential.token);
      return token ? { kind: 'token', id: token.uuid, role: token.role } : undefined;
    },
    open: OPEN_ACCESS,
  };
}

export type AccessControl = ReturnType<typeof createAccessControl>;
