// Reads the README's "Pipelines" section: its fenced snippets, the shell scripts inside the YAML ones (GitHub
// Actions `run:` steps, GitLab CI `script:` items) and the `treaty` / `npx treaty` command lines in them, split into
// words as a POSIX shell would (quotes, backslash continuations, comments; `$VAR` stays as written).
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

export interface Snippet {
  lang: string;
  text: string;
}

export interface TreatyLine {
  /** The words after `treaty` (quotes removed, variables not expanded). */
  args: string[];
  /** Where it came from, for failure messages. */
  source: string;
}

export function readmeSection(title: string): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

export function snippets(section: string): Snippet[] {
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** Parses a YAML snippet, failing on any YAML error (not only the first fatal one). */
export function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'));
  return doc.toJS();
}

export type CiKind = 'github' | 'gitlab';

/** The shell scripts a workflow runs: GitHub's steps[].run, or GitLab's jobs' script/before_script items. */
export function scriptsOf(workflow: unknown): { kind: CiKind; scripts: string[] } {
  const root = workflow as Record<string, unknown>;
  if (root.jobs !== undefined) {
    const jobs = root.jobs as Record<string, { steps?: { run?: string }[] }>;
    return { kind: 'github', scripts: Object.values(jobs).flatMap((job) => (job.steps ?? []).flatMap((s) => (s.run === undefined ? [] : [s.run]))) };
  }
  const scripts: string[] = [];
  for (const value of Object.values(root)) {
    if (typeof value !== 'object' || value === null) continue;
    const job = value as { script?: string[]; before_script?: string[] };
    for (const item of [...(job.before_script ?? []), ...(job.script ?? [])]) scripts.push(item);
  }
  return { kind: 'gitlab', scripts };
}

const OPERATORS = ['&&', '||', ';', '&', '|'];

/** Splits a shell script into simple commands of words (enough of POSIX sh for CI snippets; no expansion). */
export function shellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (c === '\\' && script[i + 1] === '\n') {
      i++;
    } else if (c === '\\') {
      word = (word ?? '') + (script[i + 1] ?? '');
      i++;
    } else if (c === "'") {
      const close = script.indexOf("'", i + 1);
      if (close === -1) throw new Error(`unterminated ' in: ${script}`);
      word = (word ?? '') + script.slice(i + 1, close);
      i = close;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === '\\' && '"\\$`'.includes(script[j + 1] ?? '')) j++;
        text += script[j];
      }
      if (j >= script.length) throw new Error(`unterminated " in: ${script}`);
      word = (word ?? '') + text;
      i = j;
    } else if (c === '#' && word === undefined) {
      const eol = script.indexOf('\n', i);
      i = eol === -1 ? script.length : eol - 1;
    } else if (c === '\n') {
      endCommand();
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else {
      const op = OPERATORS.find((o) => script.startsWith(o, i));
      if (op !== undefined) {
        endCommand();
        i += op.length - 1;
      } else {
        word = (word ?? '') + c;
      }
    }
  }
  endCommand();
  return commands;
}

/** The `treaty …` and `npx treaty …` commands of some shell scripts. */
export function treatyLines(scripts: string[], source: string): TreatyLine[] {
  return scripts.flatMap((script) =>
    shellCommands(script).flatMap((words) => {
      const at = words[0] === 'npx' ? 1 : 0;
      return words[at] === 'treaty' ? [{ args: words.slice(at + 1), source: `${source}: ${words.join(' ')}` }] : [];
    }),
  );
}
