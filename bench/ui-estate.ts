// The estate the ui bench group renders: `pacticipants` services and `integrations` consumer → provider pairs, spread
// so that every pacticipant is a consumer of about integrations/pacticipants providers and some are hubs. Pure, so a
// unit test can check its shape (no self-integrations, no duplicates, the exact count).
export interface UiEstateLayout {
  names: string[];
  /** [consumer index, provider index] pairs. */
  pairs: Array<[number, number]>;
}

export function uiEstateLayout(pacticipants: number, integrations: number): UiEstateLayout {
  if (pacticipants < 2) throw new Error('the ui estate needs at least 2 pacticipants');
  const max = pacticipants * (pacticipants - 1);
  if (integrations > max) throw new Error(`${pacticipants} pacticipants allow at most ${max} integrations`);
  const names = Array.from({ length: pacticipants }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
  const pairs: Array<[number, number]> = [];
  const seen = new Set<number>();
  // Round k gives each consumer c the provider (c + step_k) mod n; small steps first, with every 10th pacticipant a
  // hub that many consumers reach (provider index a multiple of 10 when the step lands there).
  for (let step = 1; pairs.length < integrations && step < pacticipants; step++) {
    for (let c = 0; c < pacticipants && pairs.length < integrations; c++) {
      const p = (c + step * (step % 3 === 0 ? 10 : 1)) % pacticipants;
      const key = c * pacticipants + p;
      if (p === c || seen.has(key)) continue;
      seen.add(key);
      pairs.push([c, p]);
    }
  }
  // Steps that collided leave a few short: fill in order.
  for (let c = 0; c < pacticipants && pairs.length < integrations; c++) {
    for (let p = 0; p < pacticipants && pairs.length < integrations; p++) {
      const key = c * pacticipants + p;
      if (p === c || seen.has(key)) continue;
      seen.add(key);
      pairs.push([c, p]);
    }
  }
  return { names, pairs };
}
