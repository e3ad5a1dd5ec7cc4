// HAL building blocks shared by every presenter.

export interface Link {
  href: string;
  title?: string;
  name?: string;
  templated?: boolean;
}

export function link(href: string, extra: Omit<Link, 'href'> = {}): Link {
  return { href, ...extra };
}

/** Timestamps as the Pact Broker renders them: ISO-8601 UTC with an explicit offset, second precision. */
export function timestamp(date: Date): string {
  // toISOString always ends in milliseconds and Z (".sssZ"); slicing is cheaper than a regular expression.
  return `${date.toISOString().slice(0, -5)}+00:00`;
}

/** createdAt, and updatedAt only once the record has changed, in the order the Pact Broker emits them. */
export function timestamps(record: { createdAt: Date; updatedAt?: Date | null }): { updatedAt?: string; createdAt: string } {
  return record.updatedAt ? { updatedAt: timestamp(record.updatedAt), createdAt: timestamp(record.createdAt) } : { createdAt: timestamp(record.createdAt) };
}

/** Omits undefined and null properties (the Pact Broker leaves nil properties out). */
export function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined && value !== null) out[key] = value;
  return out as Partial<T>;
}

export function curies(base: string, context: string): Link[] {
  return [{ name: 'pb', href: `${base}/doc/{rel}?context=${context}`, templated: true }];
}

export interface PageInfo {
  number: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

export function pageInfo(page: { number: number; size: number }, total: number): PageInfo {
  return { number: page.number, size: page.size, totalElements: total, totalPages: Math.max(1, Math.ceil(total / page.size)) };
}

/**
 * `next`/`previous` links for a collection paged without counting it (one row past the page tells whether more
 * follow), using the `page`/`size` parameters.
 */
export function pageLinksWithoutTotal(selfHref: string, page: { number: number; size: number }, more: boolean): Record<string, Link> {
  return pageLinks(selfHref, { number: page.number, size: page.size, totalElements: 0, totalPages: more ? page.number + 1 : page.number });
}

/** `next`/`previous` links for a paged collection, using the `page`/`size` parameters. */
export function pageLinks(selfHref: string, info: PageInfo): Record<string, Link> {
  const at = (n: number) => link(`${selfHref}?size=${info.size}&page=${n}`);
  return {
    ...(info.number < info.totalPages ? { next: { ...at(info.number + 1), title: 'Next page' } } : {}),
    ...(info.number > 1 ? { previous: { ...at(info.number - 1), title: 'Previous page' } } : {}),
  };
}
