import { lastExpiredDate } from '../../domain/membership.ts';
import type { Principal } from '../../domain/principal.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import { listProjects as queryProjects, type ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { ProjectRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';

export interface ListProjectsInput {
  membership?: boolean;
  /** GitLab's `min_access_level`: only projects where the caller's role (direct or inherited) is at least this; implies `membership`. */
  minAccessLevel?: number;
  /** GitLab's `archived`: `true` lists none (Latchkey archives no project), `false` all. */
  archived?: boolean;
  owned?: boolean;
  search?: string;
  visibility?: ProjectRow['visibility'];
  /** Only projects in these namespaces (a group's, found by the caller). */
  namespaceIds?: readonly number[];
  orderBy: 'id' | 'name' | 'path' | 'created_at' | 'last_activity_at';
  sort: 'asc' | 'desc';
  page: Page;
}

/** The projects the principal may see (the same rule as canReadProject, as a query). */
export function listProjects(deps: Deps, actor: Principal, input: ListProjectsInput): Promise<Paged<ProjectWithNamespace>> {
  const user = actor.kind === 'user' ? actor.user : null;
  const membership = input.membership === true || input.minAccessLevel !== undefined;
  const viewer = user?.isAdmin && !membership ? null : { userId: user?.id ?? null, seesInternal: user?.userType === 'human' };
  return queryProjects(
    deps.db,
    {
      viewer,
      membershipOnly: membership,
      minAccessLevel: input.minAccessLevel,
      archivedOnly: input.archived === true,
      lastExpired: lastExpiredDate(deps.clock.now()),
      ownedBy: input.owned ? (user?.id ?? -1) : undefined,
      search: input.search,
      visibility: input.visibility,
      namespaceIds: input.namespaceIds,
    },
    input.page,
    { by: input.orderBy, direction: input.sort },
  );
}
