import { compact, link, timestamps } from '../http/hal.js';
import { urls } from '../http/urls.js';
import type { Environment } from './environments.repository.js';

export function presentEnvironment(base: string, e: Environment) {
  const self = urls.environment(base, e.uuid);
  const display = e.displayName ?? e.name;
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: display,
    production: e.production,
    ...compact({ contacts: e.contacts && e.contacts.length ? e.contacts : undefined }),
    ...timestamps(e),
    _links: {
      self: link(self, { title: 'Environment', name: e.name }),
      'pb:currently-deployed-deployed-versions': link(urls.currentlyDeployed(base, e.uuid), { title: `Versions currently deployed to ${display} environment` }),
      'pb:currently-supported-released-versions': link(urls.currentlySupported(base, e.uuid), { title: `Versions released and supported in ${display} environment` }),
      'pb:environments': link(urls.environments(base), { title: 'Environments' }),
    },
  };
}

export function presentEnvironments(base: string, list: Environment[]) {
  return {
    _embedded: { environments: list.map((e) => presentEnvironment(base, e)) },
    _links: {
      self: link(urls.environments(base), { title: 'Environments' }),
      'pb:environments': list.map((e) => link(urls.environment(base, e.uuid), { title: 'Environment', name: e.name })),
    },
  };
}
