// A small Dockerfile reader for the packaging tests (no Docker engine runs here): instructions with their
// continuation lines joined, grouped into stages, plus the exec-form (JSON array) reading Docker itself applies.

export interface Instruction {
  readonly keyword: string; // upper case: FROM, RUN, COPY, …
  readonly args: string; // the rest, continuation lines joined with a space
  readonly line: number; // 1-based line of the keyword
}

export interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[]; // after the FROM
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comments and blank lines are skipped, also between continuation lines (as Docker does).
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const continues = trimmed.endsWith('\\');
    const body = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { text: `${pending.text} ${body}`, line: pending.line } : { text: body, line: index + 1 };
    if (continues) return;
    const match = /^(\S+)\s*(.*)$/s.exec(pending.text);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: pending.line });
    pending = undefined;
  });
  if (pending) throw new Error(`Dockerfile ends inside a continuation (line ${pending.line})`);
  return instructions;
}

export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const stages: { image: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const as = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', name: as >= 0 ? words[as + 1] : undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    } else if (instruction.keyword !== 'ARG') {
      throw new Error(`${instruction.keyword} before the first FROM (line ${instruction.line})`);
    }
  }
  return stages;
}

/** The JSON array of an exec-form instruction, or undefined for shell form (which needs /bin/sh in the image). */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Leading `--name=value` flags and the remaining words (for COPY, HEALTHCHECK, FROM, RUN). */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (let match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest); match; match = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest)) {
    flags[match[1]!] = match[2] ?? 'true';
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

/** HEALTHCHECK's command: its flags, then `CMD <exec or shell form>` (or NONE). */
export function healthcheckCommand(args: string): { flags: Record<string, string>; form: 'exec' | 'shell' | 'none'; command: string[] | string } {
  const { flags, rest } = splitFlags(args);
  if (/^NONE$/i.test(rest)) return { flags, form: 'none', command: [] };
  const body = rest.replace(/^CMD\s+/i, '');
  const exec = execForm(body);
  return exec ? { flags, form: 'exec', command: exec } : { flags, form: 'shell', command: body };
}

/** `ENV A=1 B=2` (and the legacy `ENV A 1`) as pairs; quotes around values are removed. */
export function envPairs(args: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  if (!/^[\w.-]+=/.test(args)) {
    const [name, ...value] = args.split(/\s+/);
    if (name) pairs[name] = value.join(' ');
    return pairs;
  }
  for (const match of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) {
    pairs[match[1]!] = match[2]!.replace(/^(["'])(.*)\1$/s, '$2');
  }
  return pairs;
}

/** .dockerignore patterns (comments and blanks dropped, leading `/` and trailing `/` removed). */
export function parseDockerignore(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.replace(/^\/+/, '').replace(/\/+$/, ''));
}

/** Whether a context path is excluded: `*` within one segment, `**` across segments, `!` re-includes (last wins). */
export function isIgnored(patterns: readonly string[], path: string): boolean {
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const regex = globToRegex(negated ? pattern.slice(1) : pattern);
    // A pattern matching a folder excludes everything below it.
    const segments = clean.split('/');
    const hit = segments.some((_, i) => regex.test(segments.slice(0, i + 1).join('/')));
    if (hit) ignored = !negated;
  }
  return ignored;
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      // `**/` is any number of folders (none included); a trailing `**` is anything.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i++;
      }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
