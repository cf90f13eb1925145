import type { Deps } from '../../../deps.ts';
import { groupRef } from './groups.ts';
import { hookRoutesUnder } from './hooks.ts';

/**
 * GitLab's group webhooks API: the project hooks' routes, fields and rules under /groups/:id,
 * managed by the group's Owners (admin_group). A group's hook receives the events of every project
 * of the group and its subgroups, and the group's access token events.
 */
export function groupHookRoutes(deps: Deps) {
  return hookRoutesUnder(deps, '/groups/:id', (request) => ({ group: groupRef(request) }));
}
