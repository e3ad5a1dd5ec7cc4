// Pure: the version selectors of can-i-deploy / can-i-merge, read in argument order (`-a web -e 1 -a orders -e 7`
// pairs each version with the pacticipant before it, as the official CLI does), and the /matrix query they make.
import { usageError } from './exit-codes.js';

export interface Selector {
  pacticipant: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
}

const VALUE_FLAGS: Record<string, 'pacticipant' | 'version' | 'branch' | 'tag' | 'ignore'> = {
  '-a': 'pacticipant',
  '--pacticipant': 'pacticipant',
  '-e': 'version',
  '--version': 'version',
  '--branch': 'branch',
  '--tag': 'tag',
  '--ignore': 'ignore',
};

export interface ParsedSelectors {
  selectors: Selector[];
  ignore: string[];
}

/** Walks the raw arguments of the command; flags that are not about selectors are skipped. */
export function selectorsFromArgs(args: string[]): ParsedSelectors {
  const selectors: Selector[] = [];
  const ignore: string[] = [];
  const current = (flag: string) => {
    const last = selectors.at(-1);
    if (!last) throw usageError(`${flag} must follow a --pacticipant (-a)`);
    return last;
  };
  for (let i = 0; i < args.length; i++) {
    let arg = args[i]!;
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === '--') break;
    const kind = VALUE_FLAGS[arg];
    if (kind) {
      const value = inline ?? args[++i];
      if (value === undefined) throw usageError(`${arg} needs a value`);
      if (kind === 'pacticipant') selectors.push({ pacticipant: value });
      else if (kind === 'ignore') ignore.push(value);
      else current(arg)[kind] = value;
      continue;
    }
    if (arg === '-l' || arg === '--latest') {
      const s = current(arg);
      s.latest = true;
      const next = inline ?? args[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        s.tag = next;
        if (inline === undefined) i++;
      }
      continue;
    }
    if (arg === '--main-branch') current(arg).mainBranch = true;
  }
  for (const s of selectors) {
    if (s.version !== undefined && s.latest) throw usageError(`Give either --version or --latest for ${s.pacticipant}, not both`);
  }
  return { selectors, ignore };
}

const enc = encodeURIComponent;

function selectorQuery(s: Selector, prefix = 'q[]'): string[] {
  const parts = [`${prefix}[pacticipant]=${enc(s.pacticipant)}`];
  if (s.version !== undefined) parts.push(`${prefix}[version]=${enc(s.version)}`);
  if (s.latest) parts.push(`${prefix}[latest]=true`);
  if (s.tag !== undefined) parts.push(`${prefix}[tag]=${enc(s.tag)}`);
  if (s.branch !== undefined) parts.push(`${prefix}[branch]=${enc(s.branch)}`);
  if (s.mainBranch) parts.push(`${prefix}[mainBranch]=true`);
  return parts;
}

export interface MatrixQuery {
  selectors: Selector[];
  ignore?: string[];
  toEnvironment?: string;
  to?: string;
  /** can-i-merge: compare with the latest main-branch versions. */
  mainBranch?: boolean;
}

/** The /matrix query string, with the same latestby/latest rules as the official CLI. */
export function matrixQuery(q: MatrixQuery): string {
  if (q.selectors.length === 0) throw usageError('Name at least one --pacticipant (-a) with a --version (-e)');
  if (q.toEnvironment !== undefined && q.to !== undefined) throw usageError('Give either --to-environment or --to, not both');
  const parts = q.selectors.flatMap((s) => selectorQuery(s));
  for (const name of q.ignore ?? []) parts.push(`ignore[][pacticipant]=${enc(name)}`);
  const single = q.selectors.length === 1;
  if (q.mainBranch) {
    parts.push(`latestby=${single ? 'cvp' : 'cvpv'}`);
    if (single) parts.push('latest=true');
    parts.push('mainBranch=true');
  } else if (q.toEnvironment !== undefined) {
    parts.push('latestby=cvpv', `environment=${enc(q.toEnvironment)}`);
  } else if (q.to !== undefined) {
    parts.push(`tag=${enc(q.to)}`, `latestby=${single ? 'cvp' : 'cvpv'}`, 'latest=true');
  } else {
    parts.push(`latestby=${single ? 'cvp' : 'cvpv'}`);
    if (single) parts.push('latest=true');
  }
  return parts.join('&');
}

/** "web 1a2b3c and orders 7" for messages. */
export function describeSelectors(selectors: Selector[]): string {
  return selectors
    .map((s) => {
      if (s.version !== undefined) return `${s.pacticipant} ${s.version}`;
      if (s.latest) return `the latest ${s.pacticipant}${s.tag ? ` tagged ${s.tag}` : ''}`;
      if (s.branch !== undefined) return `${s.pacticipant} from ${s.branch}`;
      if (s.mainBranch) return `${s.pacticipant} from its main branch`;
      return s.pacticipant;
    })
    .join(' and ');
}
