import { AccessLevel } from '../domain/access-levels.ts';
import type { ProjectFacts } from './project-policies.ts';

// Reading labels needs only a readable project (GitLab's read_label comes with guest access and
// with a public project); the services find the project visible first.

/** Creating, editing and deleting project labels (GitLab's admin_label): Planner, Reporter and up. */
export const canManageLabels = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Planner;

/**
 * Setting an issue's labels (GitLab's set_issue_metadata): the same roles. Anyone else's `labels`,
 * `add_labels` and `remove_labels` are dropped without an error, as GitLab drops them.
 */
export const canLabelIssues = (facts: ProjectFacts): boolean => facts.level >= AccessLevel.Planner;
