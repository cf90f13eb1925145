import type { RefChange } from './refs.ts';
import { GitCommandError, runGit } from './run-git.ts';

/** A ref was not at the value the caller read: someone else moved it first. Nothing was changed. */
export class StaleRefError extends Error {
  constructor(readonly refs: string[]) {
    super(`ref changed meanwhile: ${refs.join(', ')}`);
  }
}

function command(change: RefChange): string {
  if (change.after === null) return `delete ${change.ref} ${change.before ?? ''}`.trimEnd();
  if (change.before === null) return `create ${change.ref} ${change.after}`;
  return `update ${change.ref} ${change.after} ${change.before}`;
}

/**
 * Moves refs in one transaction (`git update-ref --stdin`), each only if it still holds the value
 * the caller read (`before`; null: it must not exist yet): all of them change, or none. Throws
 * StaleRefError when another writer got there first.
 */
export async function updateRefs(repositoryDir: string, changes: RefChange[]): Promise<void> {
  const effective = changes.filter((change) => change.before !== change.after);
  if (effective.length === 0) return;
  const input = ['start', ...effective.map(command), 'prepare', 'commit', ''].join('\n');
  try {
    await runGit(['update-ref', '--stdin'], { cwd: repositoryDir, input });
  } catch (error) {
    if (error instanceof GitCommandError && /cannot lock ref|reference already exists|but expected|unable to resolve reference|is at .* but expected/i.test(error.stderr)) {
      throw new StaleRefError(effective.map((change) => change.ref));
    }
    throw error;
  }
}
