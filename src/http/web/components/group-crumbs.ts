import { groupPath } from '../group-paths.ts';
import type { Crumb } from './breadcrumb.tsx';

/** The crumbs of a group chain, `team` › `backend` › `api`, each linked to its group's page. */
export function groupChainCrumbs(fullPath: string): Crumb[] {
  const segments = fullPath.split('/');
  return segments.map((segment, index) => ({ label: segment, href: groupPath(segments.slice(0, index + 1).join('/')) }));
}
