import { ACCESS_LEVELS } from '../../../domain/access-levels.ts';
import type { Params } from '../../params.ts';

/**
 * The filters GET /projects and GET /groups/:id/projects share with GitLab beyond search and order:
 * `min_access_level` (the caller's role, inherited roles counting) and `archived`. GitLab's
 * `with_merge_requests_enabled` and `with_issues_enabled` need nothing: every project has both.
 */
export function projectListFilters(params: Params) {
  return {
    minAccessLevel: params.oneOf('min_access_level', ACCESS_LEVELS),
    archived: params.boolean('archived'),
  };
}
