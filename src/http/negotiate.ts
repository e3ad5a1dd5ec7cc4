// Content negotiation between the HAL API and the HTML pages on the same URL. Browsers ask for text/html
// explicitly; the Pact clients send application/hal+json, application/json or */*, and keep getting HAL.

/** The q value the Accept header gives a media type when listed by name (wildcards don't count: 0 when absent). */
function qualityOf(accept: string, type: string): number {
  let best = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    if (range.trim() !== type) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isFinite(value)) best = Math.max(best, value);
  }
  return best;
}

/** True when the client names text/html and prefers it at least as much as any JSON type it names. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = qualityOf(accept, 'text/html');
  return html > 0 && html >= Math.max(qualityOf(accept, 'application/hal+json'), qualityOf(accept, 'application/json'));
}

/** Sends a rendered page (a full document) with the page CSP. */
export const HTML_TYPE = 'text/html; charset=utf-8';
