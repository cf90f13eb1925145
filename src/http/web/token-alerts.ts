import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/principal.ts';
import type { Deps } from '../../deps.ts';
import { readTokenExpiryAlerts } from '../../services/notices/read-token-expiry-alerts.ts';
import { encodedFullPath, projectRefOf } from './paths.ts';
import type { ProjectTokenAlerts } from './web-context.ts';

/**
 * For a page of a project (a route under `/:namespace/:project`) viewed by one of its Maintainers or
 * Owners: its access tokens expiring within a week or expired in the last week, for the banner the
 * layout draws. Undefined on other pages, for other viewers, or when there is nothing to say.
 */
export async function projectTokenAlerts(deps: Deps, request: FastifyRequest, principal: Principal): Promise<ProjectTokenAlerts | undefined> {
  const params = request.params as { namespace?: unknown; project?: unknown } | undefined;
  if (typeof params?.namespace !== 'string' || typeof params.project !== 'string') return undefined;
  const ref = projectRefOf(params);
  const tokens = await readTokenExpiryAlerts(deps, principal, ref);
  if (tokens.length === 0) return undefined;
  const fullPath = `${params.namespace}/${params.project.replace(/\.git$/, '')}`;
  return { accessTokensHref: `/${encodedFullPath(fullPath)}/-/settings/access_tokens`, tokens };
}
