// Matching rules summarised for people, one line per rule ("body.items[*].total: type"), from either layout:
//   v2:    { "$.body.total": { "match": "type" }, "$.headers.Accept": { "regex": "json" } }
//   v3/v4: { "body": { "$.total": { "matchers": [{ "match": "type" }], "combine": "AND" } }, "header": {...}, "path": {...} }
// Pure and total: anything unexpected becomes a line of JSON rather than an error. At most MAX_RULES lines.
export const MAX_RULES = 200;
const MAX_LINE = 300;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const CATEGORIES = new Set(['body', 'header', 'headers', 'path', 'query', 'metadata', 'status', 'contents', 'content']);

/** One matcher: its kind, then its parameters ("regex ^\d+$", "type (min 1)", "datetime yyyy-MM-dd"). */
export function describeMatcher(m: unknown): string {
  if (!isObject(m)) return JSON.stringify(m) ?? String(m);
  const kind = typeof m.match === 'string' ? m.match : 'regex' in m ? 'regex' : 'min' in m || 'max' in m ? 'type' : 'rule';
  const inline = kind === 'regex' ? m.regex : ['timestamp', 'datetime', 'date', 'time'].includes(kind) ? (m.format ?? m[kind]) : kind === 'include' ? m.value : undefined;
  const rest = Object.entries(m)
    .filter(([k]) => k !== 'match' && !(inline !== undefined && (k === 'regex' || k === 'format' || k === kind || (kind === 'include' && k === 'value'))))
    .map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [kind, inline === undefined ? '' : String(typeof inline === 'string' ? inline : JSON.stringify(inline)), rest.length ? `(${rest.join(', ')})` : '']
    .filter(Boolean)
    .join(' ');
}

/** `$.body.total` → body.total, `$['a b']` kept readable; the category prefixes a v3 path (`body` + `$.total`). */
function place(category: string | null, path: string): string {
  const bare = path === '$' ? '' : path.replace(/^\$\.?/, '');
  if (!category) return bare || '(root)';
  return bare ? `${category}${bare.startsWith('[') ? '' : '.'}${bare}` : category;
}

function line(where: string, rule: unknown): string {
  let what: string;
  if (isObject(rule) && Array.isArray(rule.matchers)) {
    const combine = rule.combine === 'OR' ? ' or ' : ' and ';
    what = rule.matchers.map(describeMatcher).join(combine);
  } else {
    what = describeMatcher(rule);
  }
  const full = `${where}: ${what}`;
  return full.length > MAX_LINE ? `${full.slice(0, MAX_LINE - 1)}…` : full;
}

export function summariseMatchingRules(rules: unknown): string[] {
  if (!isObject(rules)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(rules)) {
    if (key.startsWith('$')) {
      out.push(line(place(null, key), value)); // v2
    } else if (CATEGORIES.has(key) && isObject(value) && Array.isArray(value.matchers)) {
      out.push(line(key, value)); // v3 path/status: the category itself has the matchers
    } else if (CATEGORIES.has(key) && isObject(value)) {
      for (const [path, rule] of Object.entries(value)) out.push(line(place(key, path.startsWith('$') ? path : `$.${path}`), rule));
    } else {
      out.push(line(key, value));
    }
    if (out.length >= MAX_RULES) break;
  }
  return out.slice(0, MAX_RULES);
}
