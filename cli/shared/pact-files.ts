// Reads the pact files to publish: directories (their *.json files) and files, each checked to be a pact, grouped per
// consumer/provider pair (several files for one pair are merged, as the official CLI does). Bad input → exit 3.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { usageError } from './exit-codes.js';

export interface PactFile {
  path: string;
  consumer: string;
  provider: string;
  content: Record<string, unknown>;
}

export interface PactGroup {
  consumer: string;
  provider: string;
  files: string[];
  content: Record<string, unknown>;
}

/** The *.json paths named by the arguments (directories are read one level deep, sorted). */
export function listPactPaths(args: string[]): string[] {
  const paths: string[] = [];
  for (const arg of args) {
    let stats;
    try {
      stats = statSync(arg);
    } catch {
      throw usageError(`No such file or directory: ${arg}`);
    }
    if (stats.isDirectory()) {
      const found = readdirSync(arg)
        .filter((name) => name.toLowerCase().endsWith('.json'))
        .sort()
        .map((name) => join(arg, name))
        .filter((path) => statSync(path).isFile());
      if (found.length === 0) throw usageError(`No pact files (*.json) in ${arg}`);
      paths.push(...found);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw usageError('No pact files given: name a directory or pact files');
  return paths;
}

/** Pure: a file's text → a pact, or a one-line reason it is not one. */
export function parsePact(path: string, text: string): PactFile {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw usageError(`${path} is not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (content === null || typeof content !== 'object' || Array.isArray(content)) throw usageError(`${path} is not a pact: expected a JSON object`);
  const doc = content as { consumer?: { name?: unknown }; provider?: { name?: unknown } };
  const consumer = doc.consumer?.name;
  const provider = doc.provider?.name;
  if (typeof consumer !== 'string' || consumer.trim() === '') throw usageError(`${path} is not a pact: consumer.name is missing`);
  if (typeof provider !== 'string' || provider.trim() === '') throw usageError(`${path} is not a pact: provider.name is missing`);
  return { path, consumer, provider, content: content as Record<string, unknown> };
}

/** Pure: merges pacts per consumer/provider pair, concatenating interactions (and messages), first file's metadata. */
export function groupPacts(pacts: PactFile[]): PactGroup[] {
  const groups = new Map<string, PactGroup>();
  for (const pact of pacts) {
    const key = JSON.stringify([pact.consumer, pact.provider]);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { consumer: pact.consumer, provider: pact.provider, files: [pact.path], content: pact.content });
      continue;
    }
    group.files.push(pact.path);
    const merged: Record<string, unknown> = { ...group.content };
    for (const list of ['interactions', 'messages']) {
      const a = group.content[list];
      const b = pact.content[list];
      if (Array.isArray(a) || Array.isArray(b)) merged[list] = [...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])];
    }
    group.content = merged;
  }
  return [...groups.values()];
}

export function readPacts(args: string[]): PactGroup[] {
  const pacts = listPactPaths(args).map((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw usageError(`Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    return parsePact(path, text);
  });
  const consumers = [...new Set(pacts.map((p) => p.consumer))];
  if (consumers.length > 1) throw usageError(`All pacts must have the same consumer to publish together (found ${consumers.join(', ')})`);
  return groupPacts(pacts);
}
