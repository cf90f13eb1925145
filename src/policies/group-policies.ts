import { AccessLevel } from '../domain/access-levels.ts';
import type { Actor } from '../domain/principal.ts';
import type { Visibility } from '../domain/visibility.ts';
import { canReadProject, type ProjectFacts } from './project-policies.ts';

/** The facts every group decision needs: the same shape as a project's (level: direct or inherited, admins as Owner). */
export type GroupFacts = ProjectFacts;

/** Who sees a group: the same rule as a project (public, internal for humans, members). */
export const canReadGroup = (facts: GroupFacts): boolean => canReadProject(facts);

/** A top-level group: any human (GitLab's can_create_group default); never a bot. */
export const canCreateTopLevelGroup = (actor: Actor): boolean => actor.userType === 'human';

/** A subgroup: Maintainers of the parent and above (GitLab's default subgroup_creation_level). */
export const canCreateSubgroup = (parent: GroupFacts): boolean => parent.actor?.userType === 'human' && parent.level >= AccessLevel.Maintainer;

/** A project in the group: Maintainers and above (GitLab's default project_creation_level). */
export const canCreateProjectIn = (group: GroupFacts): boolean => group.actor?.userType === 'human' && group.level >= AccessLevel.Maintainer;

/** Settings, path, visibility, deletion: Owners (GitLab's admin_group). */
export const canAdminGroup = (facts: GroupFacts): boolean => facts.level >= AccessLevel.Owner;

const RANK: Record<Visibility, number> = { private: 0, internal: 10, public: 20 };

/** A project or subgroup is never more visible than its group. */
export const visibilityAllowedIn = (child: Visibility, parent: Visibility): boolean => RANK[child] <= RANK[parent];

/** The most visible of these that `parent` allows: a transferred project is narrowed to its new group. */
export const narrowedTo = (child: Visibility, parent: Visibility): Visibility => (visibilityAllowedIn(child, parent) ? child : parent);
