// Rack-style nested query parameters, parsed from the raw query string: `a[][k]=v` appends to an array of hashes and
// starts a new hash whenever key k repeats (so selector groups survive), `a[]=v` appends a value, `a[k]=v` sets a
// key, `a=v` a plain value. Both literal brackets and %5B%5D are accepted; `+` means a space, as in forms.
// Every object built here has no prototype, so a key such as `__proto__`, `constructor` or `toString` is plain data:
// it can neither change Object.prototype nor be read back from it.
export type NestedValue = string | string[] | Array<Record<string, string>> | Record<string, string>;

const decode = (text: string) => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

/** An empty object without a prototype: reads see only its own keys, and writing `__proto__` stores a key. */
export function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

const isHash = (value: NestedValue | undefined): value is Record<string, string> =>
  value !== undefined && typeof value === 'object' && !Array.isArray(value);

export function parseNestedQuery(raw: string): Record<string, NestedValue> {
  const out = dictionary<NestedValue>();
  for (const pair of raw.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) continue;
    const name = match[1]!;
    const parts = [...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!);
    const current = out[name];
    if (parts.length === 0) {
      out[name] = value;
    } else if (parts.length === 1 && parts[0] === '') {
      const list = Array.isArray(current) ? (current as string[]) : [];
      list.push(value);
      out[name] = list;
    } else if (parts.length === 1) {
      const hash = isHash(current) ? current : dictionary<string>();
      hash[parts[0]!] = value;
      out[name] = hash;
    } else if (parts[0] === '' && parts.length === 2) {
      const list = Array.isArray(current) ? (current as Array<Record<string, string>>) : [];
      const last = list[list.length - 1];
      const field = parts[1]!;
      if (last && typeof last === 'object' && !Object.hasOwn(last, field)) {
        last[field] = value;
      } else {
        const hash = dictionary<string>();
        hash[field] = value;
        list.push(hash);
      }
      out[name] = list;
    }
  }
  return out;
}
