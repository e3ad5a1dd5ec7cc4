// Pact documents for tests.
export interface PactOptions {
  consumer: string;
  provider: string;
  /** Distinct descriptions give distinct content (and so a distinct SHA). */
  interactions?: string[];
  spec?: string;
}

export function pactDocument({ consumer, provider, interactions = ['a request for things'], spec = '2.0.0' }: PactOptions) {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: interactions.map((description, i) => ({
      description,
      providerState: `state ${i}`,
      request: { method: 'GET', path: `/things/${i}` },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: i } },
    })),
    metadata: { pactSpecification: { version: spec } },
  };
}

export const base64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');

export function publishBody(options: {
  consumer: string;
  provider: string | string[];
  version: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  interactions?: string[];
  onConflict?: 'overwrite' | 'merge';
}) {
  const providers = Array.isArray(options.provider) ? options.provider : [options.provider];
  return {
    pacticipantName: options.consumer,
    pacticipantVersionNumber: options.version,
    ...(options.branch ? { branch: options.branch } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.buildUrl ? { buildUrl: options.buildUrl } : {}),
    contracts: providers.map((provider) => ({
      consumerName: options.consumer,
      providerName: provider,
      specification: 'pact',
      contentType: 'application/json',
      content: base64(pactDocument({ consumer: options.consumer, provider, ...(options.interactions ? { interactions: options.interactions } : {}) })),
      ...(options.onConflict ? { onConflict: options.onConflict } : {}),
    })),
  };
}
