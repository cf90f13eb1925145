const MAX_LENGTH = 255;

/**
 * git's check-ref-format rules for a name under refs/heads/ or refs/tags/ (`feature/x`, `v1.0`),
 * decided here so that no malformed name ever reaches git: no component that starts with `.` or
 * ends with `.lock`, no `..`, `@{`, `//`, control character, space or any of `~^:?*[\`, no trailing
 * `/` or `.`, not `@` alone.
 */
export function isValidRefName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_LENGTH || name === '@') return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name) || name.includes('..') || name.includes('@{')) return false;
  if (name.endsWith('/') || name.endsWith('.') || name.startsWith('/')) return false;
  return name.split('/').every((component) => component !== '' && !component.startsWith('.') && !component.endsWith('.lock'));
}

/**
 * A new branch's name as GitLab accepts it (Gitlab::GitRefValidator): git's rules, and not `HEAD`,
 * not starting with `-` or a ref prefix (`refs/heads/`...), not a full commit id.
 */
export function isValidBranchName(name: string): boolean {
  if (!isValidRefName(name) || name === 'HEAD' || name.startsWith('-')) return false;
  if (/^refs\/(heads|tags|remotes)\//.test(name) || /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(name)) return false;
  return true;
}

/**
 * A revision a caller may name (a branch, a tag, a commit id, `main~2`): never read as an option
 * (no leading `-`), no whitespace or control character, no `:` (a path inside a tree) and not
 * absurdly long. Whether it names a commit is git's to say.
 */
export function isSafeRevision(revision: string): boolean {
  return revision.length > 0 && revision.length <= 1024 && !revision.startsWith('-') && !/[\x00-\x20\x7f:]/.test(revision);
}
