// A synthetic estate shaped like a layered service landscape, for the graph's measurements: `pacticipants` services
// in 4 tiers (front ends → back ends for front ends → services → core), each one outside the core consuming
// providers from the tiers below until there are `integrations` pairs. Deterministic (a fixed-seed generator).
export interface SyntheticEstate {
  names: string[];
  pairs: Array<[consumer: string, provider: string]>;
}

export function syntheticEstate(pacticipants = 200, integrations = 1000): SyntheticEstate {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const tiers = 4;
  const perTier = Math.ceil(pacticipants / tiers);
  const names = Array.from({ length: pacticipants }, (_, i) => `${['web', 'bff', 'svc', 'core'][Math.floor(i / perTier)]}-${String(i).padStart(3, '0')}`);
  const tierOf = (i: number) => Math.floor(i / perTier);
  const seen = new Set<string>();
  const pairs: SyntheticEstate['pairs'] = [];
  const consumers = names.length - perTier;
  const capacity = Array.from({ length: consumers }, (_, c) => names.length - perTier * (tierOf(c) + 1));
  if (capacity.reduce((a, b) => a + b, 0) < integrations) throw new Error('too many integrations for this many pacticipants');
  while (pairs.length < integrations) {
    const c = Math.floor(random() * consumers);
    // Mostly the next tier down, sometimes further.
    const lowest = perTier * (tierOf(c) + 1);
    const span = random() < 0.75 ? Math.min(perTier, names.length - lowest) : names.length - lowest;
    const p = lowest + Math.floor(random() * span);
    const key = `${c}:${p}`;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push([names[c]!, names[p]!]);
  }
  return { names, pairs };
}
