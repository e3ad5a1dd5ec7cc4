/**
 * Text parts as one UTF-8 buffer, byte for byte Buffer.from(parts.join('')), without ever building the joined string.
 * Each part is encoded on its own, so a surrogate pair must not be split between two parts (whole JSON texts never are).
 * For answers of hundreds of KiB (a hub's deploy gate, pacts-for-verification): a string that large is a fresh
 * large-object allocation in V8 (the join, or flattening a `+=` rope), and on a microVM first-touching fresh pages
 * costs more than encoding them (stop 23: ~130 page faults per hub answer, a few ms of CPU). Each part is small and
 * flattened in the young generation; the buffer comes from malloc, which reuses the previous answer's memory.
 */
export function utf8Concat(parts: readonly string[]): Buffer {
  let length = 0;
  for (const part of parts) length += Buffer.byteLength(part);
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) at += out.write(part, at);
  return out;
}
