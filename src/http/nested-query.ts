// Rack-style nested query parameters, parsed from the raw query string: `a[][k]=v` appends to an array of hashes and
// starts a new hash whenever key k repeats (so selector groups survive), `a[]=v` appends a value, `a[k]=v` sets a
// key, `a=v` a plain value. Both literal brackets and %5B%5D are accepted; `+` means a space, as in forms.
export type NestedValue = string | string[] | Array<Record<string, string>> | Record<string, string>;

const decode = (text: string) => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

export function parseNestedQuery(raw: string): Record<string, NestedValue> {
  const out: Record<string, NestedValue> = {};
  for (const pair of raw.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match) continue;
    const name = match[1]!;
    const parts = [...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!);
    if (parts.length === 0) {
      out[name] = value;
    } else if (parts.length === 1 && parts[0] === '') {
      const list = Array.isArray(out[name]) ? (out[name] as string[]) : [];
      list.push(value);
      out[name] = list;
    } else if (parts.length === 1) {
      const hash = out[name] && typeof out[name] === 'object' && !Array.isArray(out[name]) ? (out[name] as Record<string, string>) : {};
      hash[parts[0]!] = value;
      out[name] = hash;
    } else if (parts[0] === '' && parts.length === 2) {
      const list = Array.isArray(out[name]) ? (out[name] as Array<Record<string, string>>) : [];
      const last = list[list.length - 1];
      if (last && typeof last === 'object' && !(parts[1]! in last)) last[parts[1]!] = value;
      else list.push({ [parts[1]!]: value });
      out[name] = list;
    }
  }
  return out;
}
