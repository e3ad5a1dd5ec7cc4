// A secret as the API shows it: name, description and times. The value is never part of any response.
import { link, timestamp } from '../http/hal.js';
import { urls } from '../http/urls.js';
import type { SecretInfo } from './secrets.repository.js';

export function presentSecret(base: string, s: SecretInfo) {
  return {
    name: s.name,
    description: s.description,
    createdAt: timestamp(s.createdAt),
    updatedAt: s.updatedAt ? timestamp(s.updatedAt) : null,
    _links: {
      self: link(urls.secret(base, s.name), { title: 'Secret', name: s.name }),
      secrets: link(urls.secrets(base), { title: 'Secrets' }),
    },
  };
}

export function presentSecrets(base: string, list: SecretInfo[]) {
  return {
    secrets: list.map((s) => presentSecret(base, s)),
    _links: { self: link(urls.secrets(base), { title: 'Secrets' }) },
  };
}
