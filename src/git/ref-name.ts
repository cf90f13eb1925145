/**
 * True for a name git accepts as `refs/heads/<name>` (the rules of `git check-ref-format
 * --branch`), checked before git ever sees it: no `..`, `@{`, control characters, space, `~^:?*[\`,
 * no component starting with `.` or ending in `.lock`, no empty component, no trailing `.` or
 * `/`. Also refused, as GitLab refuses them: a leading `-` (git would read an option), `HEAD`, and
 * names starting with `refs/`.
 */
export function isValidBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 255 || name === '@' || name === 'HEAD') return false;
  if (name.startsWith('-') || name.startsWith('refs/') || name.endsWith('.') || name.includes('..') || name.includes('@{')) return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((component) => component !== '' && !component.startsWith('.') && !component.endsWith('.lock'));
}
