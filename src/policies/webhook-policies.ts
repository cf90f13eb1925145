import { AccessLevel } from '../domain/access-levels.ts';
import type { ProjectFacts } from './project-policies.ts';

/** A project's webhooks (their URLs, events and delivery log) are Maintainer+ business, reads included (GitLab's admin_project). */
export const canManageHooks = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Maintainer;
