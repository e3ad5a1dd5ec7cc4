// GET /pacticipants/:p/versions/:v for browsers: the version (versions service), the latest verification of each pact
// it published (verifications service) and the rows it verified as provider (the matrix service, the same query as
// `GET /matrix?q[][pacticipant]=p&q[][version]=v&latestby=cvpv`); then the pure view model and the view.
import type { Services } from '../../container.js';
import { urls } from '../../http/urls.js';
import { pageOrNotFound, type PageResult } from '../shared/page-result.js';
import { buildVersionPage } from './version.view-model.js';
import { VersionPage } from './version.view.js';

type Deps = Pick<Services, 'versions' | 'verifications' | 'matrix'>;

export async function renderVersionPage(services: Deps, pacticipantName: string, number: string): Promise<PageResult> {
  return pageOrNotFound('Version not found', async () => {
    const details = await services.versions.get(pacticipantName, number);
    const p = details.pacticipant.name;
    const [latest, matrix] = await Promise.all([
      services.verifications.latestByPactVersionIds(details.pacts.map((pact) => pact.pactVersionId)),
      services.matrix.matrix({ q: [{ pacticipant: p, version: number }], latestby: 'cvpv' }),
    ]);
    const env = details.environments;
    const model = buildVersionPage({
      pacticipant: p,
      version: details.version,
      branches: details.branches.map((b) => ({ name: b.branchName, latest: b.latest })),
      tags: details.tags.map((t) => t.name),
      deployments: (env?.deployedVersions ?? []).map((d) => ({
        environment: d.environment.name,
        applicationInstance: d.applicationInstance,
        at: d.createdAt,
        current: d.currentlyDeployed,
      })),
      releases: (env?.releasedVersions ?? []).map((r) => ({ environment: r.environment.name, at: r.createdAt, current: r.currentlySupported })),
      pacts: details.pacts
        .map((pact) => {
          const v = latest.get(pact.pactVersionId);
          return {
            provider: pact.providerName,
            verification: v
              ? { success: v.success, providerVersion: v.providerVersionNumber, at: v.createdAt, href: urls.verificationResult('', v.providerName, v.consumerName, v.sha, v.id) }
              : null,
          };
        })
        .sort((a, b) => a.provider.localeCompare(b.provider)),
      verified: matrix.rows.flatMap((row) =>
        row.provider.name === p && row.providerVersion?.number === number && row.verification
          ? [
              {
                consumer: row.consumer.name,
                consumerVersion: row.consumerVersion.number,
                success: row.verification.success,
                at: row.verification.verifiedAt,
                href: urls.verificationResult('', p, row.consumer.name, row.pact.sha, row.verification.verificationId),
              },
            ]
          : [],
      ),
    });
    return String(<VersionPage model={model} />);
  });
}
