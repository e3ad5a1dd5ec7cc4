// Small collection helpers shared by the pure modules.

/** The items keyed by `key`, each group in input order. */
export function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The distinct values, in first-seen order. */
export const unique = <T>(values: T[]): T[] => [...new Set(values)];
