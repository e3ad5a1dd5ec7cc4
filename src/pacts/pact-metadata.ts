// The opaque `metadata` segment of pact URLs handed out by pacts-for-verification
// (…/pact-version/{sha}/metadata/{metadata}). It records why the pact was selected and whether it was pending or WIP,
// so a verification result published through that URL can be traced back to its selectors. Clients never read it.
// Encoding: base64url (no padding) of compact JSON. Unreadable metadata decodes to "nothing known", never an error:
// the URL still identifies the pact content.

/** One selector that picked the pact, with the consumer version it resolved to. */
export interface SelectedBy {
  /** consumer version number */
  cv: string;
  /** branch (for mainBranch/branch/matchingBranch selectors) */
  b?: string;
  /** true for the main branch */
  m?: true;
  /** tag */
  t?: string;
  /** latest */
  l?: true;
  /** environment name (deployed/released/environment selectors) */
  e?: string;
  /** deployed / released */
  d?: true;
  r?: true;
  /** fallback used */
  f?: true;
}

export interface PactMetadata {
  s?: SelectedBy[];
  /** pending when selected (only when pending status was requested) */
  p?: boolean;
  /** selected as a work-in-progress pact */
  w?: true;
}

export function encodePactMetadata(metadata: PactMetadata): string {
  return Buffer.from(JSON.stringify(metadata), 'utf8').toString('base64url');
}

export function decodePactMetadata(encoded: string | undefined): PactMetadata {
  if (!encoded || !/^[A-Za-z0-9_-]+$/.test(encoded)) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    const raw = value as Record<string, unknown>;
    const out: PactMetadata = {};
    if (Array.isArray(raw.s)) out.s = raw.s.filter(isSelectedBy);
    if (typeof raw.p === 'boolean') out.p = raw.p;
    if (raw.w === true) out.w = true;
    return out;
  } catch {
    return {};
  }
}

function isSelectedBy(value: unknown): value is SelectedBy {
  return value !== null && typeof value === 'object' && typeof (value as { cv?: unknown }).cv === 'string';
}
