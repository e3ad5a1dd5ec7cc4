import type { Link } from '../http/hal.js';

type Rel = [rel: string, path: string, title: string, templated?: boolean];

// Relation, path, title and templated flag as the Pact Broker's index lists them; the verifier expands only
// links marked templated, so those flags matter.
const RELATIONS: Rel[] = [
  ['pb:publish-pact', '/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}', 'Publish a pact', true],
  ['pb:publish-contracts', '/contracts/publish', 'Publish contracts', false],
  ['pb:latest-pact-versions', '/pacts/latest', 'Latest pact versions', false],
  ['pb:tagged-pact-versions', '/pacts/provider/{provider}/consumer/{consumer}/tag/{tag}', 'All versions of a pact for a given consumer, provider and consumer version tag', false],
  ['pb:branch-pact-versions', '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}', 'All versions of pacts for a provider, for a named consumers branch', true],
  ['pb:latest-branch-pact-versions', '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest/versions', 'Latest version of pact for a provider, for a named consumers branch', true],
  ['pb:main-branch-pact-versions', '/pacts/provider/{provider}/consumer/{consumer}/branch/versions', 'All versions of pacts for a provider, for a named consumers main branch', true],
  ['pb:latest-main-branch-pact-versions', '/pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions', 'Latest version of pact for a provider, for a named consumers main branch', true],
  ['pb:provider-pacts-with-main-branch', '/pacts/provider/{provider}/branch', 'All pacts for a provider, for any consumers main branch', true],
  ['pb:provider-pacts-with-branch', '/pacts/provider/{provider}/branch/{branch}', 'All pacts for a provider, for any consumers named branch', true],
  ['pb:latest-provider-pacts-with-main-branch', '/pacts/provider/{provider}/branch/latest', 'Latest pact for a provider, for any consumers main branch', true],
  ['pb:latest-provider-pacts-with-branch', '/pacts/provider/{provider}/branch/{branch}/latest', 'Latest pacts for a provider, for any consumers named branch', true],
  ['pb:pacticipants', '/pacticipants', 'Pacticipants', false],
  ['pb:pacticipant', '/pacticipants/{pacticipant}', 'Fetch pacticipant by name', true],
  ['pb:latest-provider-pacts', '/pacts/provider/{provider}/latest', 'Latest pacts by provider', true],
  ['pb:latest-provider-pacts-with-tag', '/pacts/provider/{provider}/latest/{tag}', 'Latest pacts for provider with the specified tag', true],
  ['pb:provider-pacts-with-tag', '/pacts/provider/{provider}/tag/{tag}', 'All pact versions for the provider with the specified consumer version tag', true],
  ['pb:provider-pacts', '/pacts/provider/{provider}', 'All pact versions for the specified provider', true],
  ['pb:latest-version', '/pacticipants/{pacticipant}/latest-version', 'Latest pacticipant version', true],
  ['pb:latest-tagged-version', '/pacticipants/{pacticipant}/latest-version/{tag}', 'Latest pacticipant version with the specified tag', true],
  ['pb:pacticipant-version-tag', '/pacticipants/{pacticipant}/versions/{version}/tags/{tag}', 'Get, create or delete a tag for a pacticipant version', true],
  ['pb:pacticipant-branch', '/pacticipants/{pacticipant}/branches/{branch}', 'Get or delete a pacticipant branch', true],
  ['pb:pacticipant-branch-version', '/pacticipants/{pacticipant}/branches/{branch}/versions/{version}', 'Get or add/create a pacticipant version for a branch', true],
  ['pb:pacticipant-version', '/pacticipants/{pacticipant}/versions/{version}', 'Get, create or delete a pacticipant version', true],
  ['pb:can-i-deploy-pacticipant-version-to-tag', '/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}', 'Determine if an application version can be safely deployed to an environment identified by the given tag', true],
  ['pb:can-i-deploy-pacticipant-version-to-environment', '/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}', 'Determine if an application version can be safely deployed to an environment', true],
  ['pb:provider-pacts-for-verification', '/pacts/provider/{provider}/for-verification', 'Pact versions to be verified for the specified provider', true],
  ['pb:webhooks', '/webhooks', 'Webhooks', false],
  ['pb:webhook', '/webhooks/{uuid}', 'Webhook', true],
  ['pb:integrations', '/integrations', 'Integrations', false],
  ['pb:environments', '/environments', 'Environments', false],
  ['pb:environment', '/environments/{uuid}', 'Environment', true],
];

export function indexLinks(base: string): Record<string, Link | Link[]> {
  const links: Record<string, Link | Link[]> = { self: { href: base, title: 'Index' } };
  for (const [rel, path, title, templated] of RELATIONS) {
    links[rel] = { href: `${base}${path}`, title, templated: templated ?? false };
  }
  // Older Pact libraries look for the beta relation.
  links['beta:provider-pacts-for-verification'] = {
    name: 'beta',
    href: `${base}/pacts/provider/{provider}/for-verification`,
    title: 'DEPRECATED - please use pb:provider-pacts-for-verification',
    templated: true,
  };
  links.curies = [
    { name: 'pb', href: `${base}/doc/{rel}?context=index`, templated: true },
    { name: 'beta', href: `${base}/doc/{rel}?context=index`, templated: true },
  ];
  return links;
}
