/**
 * The checklist of an issue description, counted as GitLab counts it: Markdown list items that
 * start with `[ ]` (open) or `[x]`/`[X]` (done). Items marked `[~]` (not applicable) and anything
 * inside a fenced code block do not count.
 */
export interface TaskCompletion {
  count: number;
  completed_count: number;
}

const ITEM = /^\s*(?:[-+*]|\d+[.)])\s+\[([ xX~])\](?:\s|$)/;
const FENCE = /^\s*(```|~~~)/;

export function taskCompletion(description: string | null): TaskCompletion {
  let count = 0;
  let completed = 0;
  let fence: string | null = null;
  for (const line of (description ?? '').split(/\r?\n/)) {
    const opening = FENCE.exec(line)?.[1];
    if (opening !== undefined && (fence === null || fence === opening)) {
      fence = fence === null ? opening : null;
      continue;
    }
    if (fence !== null) continue;
    const mark = ITEM.exec(line)?.[1];
    if (mark === undefined || mark === '~') continue;
    count += 1;
    if (mark !== ' ') completed += 1;
  }
  return { count, completed_count: completed };
}

/** GitLab's `task_status` sentence, e.g. "1 of 3 checklist items completed". */
export function taskStatus({ count, completed_count }: TaskCompletion): string {
  return `${completed_count} of ${count} ${count === 1 ? 'checklist item' : 'checklist items'} completed`;
}
