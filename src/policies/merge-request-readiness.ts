import type { MergeRequestRow } from '../db/schema.ts';
import { isDraftTitle } from './merge-request-merge-policies.ts';

/**
 * What stands between an open merge request and its merge, first obstacle first (GitLab's
 * detailed_merge_status, as the page words it): `ready` when nothing does.
 */
export type MergeReadiness = 'merged' | 'closed' | 'draft' | 'source_missing' | 'conflicts' | 'checking' | 'needs_rebase' | 'ready';

export function mergeReadiness(
  mr: Pick<MergeRequestRow, 'state' | 'title' | 'merge_status' | 'has_conflicts' | 'base_sha' | 'start_sha'>,
  facts: { sourceExists: boolean; mergeMethod: string },
): MergeReadiness {
  if (mr.state === 'merged') return 'merged';
  if (mr.state === 'closed') return 'closed';
  if (isDraftTitle(mr.title)) return 'draft';
  if (!facts.sourceExists) return 'source_missing';
  if (mr.has_conflicts === 1 || mr.merge_status === 'cannot_be_merged') return 'conflicts';
  if (mr.merge_status !== 'can_be_merged') return 'checking';
  // Fast-forward and semi-linear merges need the source on the target's tip.
  if (facts.mergeMethod !== 'merge' && mr.base_sha !== mr.start_sha) return 'needs_rebase';
  return 'ready';
}
