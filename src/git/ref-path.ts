import { readRefs } from './refs.ts';

export interface RefAndPath {
  /** A branch, tag or commit SHA as the URL named it. */
  ref: string;
  /** The path inside the tree after it, without leading or trailing slashes ('' for the root). */
  path: string;
}

/**
 * Splits a web URL's `<ref>/<path>` (`/-/tree/feature/x/src/app.ts`) the way GitLab does: the
 * longest branch or tag name that the text starts with wins (`feature/x` over `feature`), branches
 * before tags on a tie; otherwise the first segment is taken as the ref (a SHA, or a name that
 * the caller then finds missing). Null for empty text.
 */
export async function splitRefAndPath(repositoryDir: string, text: string): Promise<RefAndPath | null> {
  const trimmed = text.replace(/^\/+/, '');
  if (trimmed === '') return null;
  const firstSegment = trimmed.split('/')[0]!;
  let best: string | null = null;
  for (const refName of (await readRefs(repositoryDir)).keys()) {
    const name = refName.startsWith('refs/heads/') ? refName.slice(11) : refName.slice(10);
    if ((trimmed === name || trimmed.startsWith(`${name}/`)) && (best === null || name.length > best.length)) best = name;
  }
  const ref = best ?? firstSegment;
  return { ref, path: trimmed.slice(ref.length).replace(/^\/+|\/+$/g, '') };
}
