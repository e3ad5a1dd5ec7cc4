/**
 * At most one read in flight, and every caller gets a read SENT AFTER it called: a caller arriving while a read is in
 * flight waits for the next one (sent when the flight lands) instead of sharing the flight, which may have been answered
 * before a commit the caller must see (src/db/write-stamp.ts: a request that starts after a commit never gets an answer
 * computed before it). All callers arriving during one flight share that next read, so under concurrent requests the
 * store sees one read per round trip instead of one per request.
 */
export function freshReads<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  let next: Promise<T> | undefined;

  const send = (): Promise<T> => {
    const flight = read();
    inFlight = flight;
    const land = () => {
      if (inFlight === flight) inFlight = undefined;
    };
    flight.then(land, land);
    return flight;
  };

  return () => {
    if (next) return next;
    if (!inFlight) return send();
    const after = () => {
      next = undefined;
      return send();
    };
    next = inFlight.then(after, after);
    return next;
  };
}
