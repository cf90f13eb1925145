import { AccessLevel } from '../domain/access-levels.ts';
import type { ProjectFacts } from './project-policies.ts';

/** GitLab's split: Maintainers edit a project's settings, only Owners change who can see it or where it lives. */
export const canChangeProjectVisibility = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Owner;
export const canChangeProjectPath = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Owner;
