import { notFound } from '../../domain/errors.ts';
import { parseId } from '../../domain/ids.ts';
import { findLabelById, findLabelByName } from '../../db/repositories/labels.ts';
import type { LabelRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';

/** `:label_id` of a label route: the label with that id, else the one with that name (GitLab's order). */
export async function findProjectLabel(deps: Deps, projectId: number, ref: string): Promise<LabelRow> {
  const id = parseId(ref);
  const byId = id === null ? undefined : await findLabelById(deps.db, projectId, id);
  const label = byId ?? (ref.length <= 255 ? await findLabelByName(deps.db, projectId, ref) : undefined);
  if (!label) throw notFound('Label');
  return label;
}
