/**
 * GitLab's `search` over ref names (GitRefsFinder), case-insensitive: `^v1` starts with `v1`,
 * `-rc$` ends with `-rc`, `*` matches any run of characters; without one of those operators, names
 * containing the term, the exact match (if any) first. Matched without regular expressions, so no
 * search can make matching slow.
 */
export function searchRefs<T extends { name: string }>(refs: readonly T[], search: string): T[] {
  const term = search.toLowerCase();
  const anchoredStart = term.startsWith('^');
  const anchoredEnd = term.endsWith('$') && term.length > (anchoredStart ? 1 : 0);
  if (!anchoredStart && !anchoredEnd && !term.includes('*')) {
    const matches = refs.filter((ref) => ref.name.toLowerCase().includes(term));
    const exact = matches.findIndex((ref) => ref.name.toLowerCase() === term);
    if (exact > 0) matches.unshift(...matches.splice(exact, 1));
    return matches;
  }
  const segments = term.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined).split('*');
  return refs.filter((ref) => globMatches(ref.name.toLowerCase(), segments, anchoredStart, anchoredEnd));
}

/**
 * Whether `name` holds the segments in order (`*` between them), anchored at either end as asked.
 * Case-sensitive: the caller folds case.
 */
function globMatches(name: string, segments: string[], anchoredStart: boolean, anchoredEnd: boolean): boolean {
  if (segments.length === 1) {
    const only = segments[0]!;
    if (anchoredStart && anchoredEnd) return name === only;
    if (anchoredStart) return name.startsWith(only);
    if (anchoredEnd) return name.endsWith(only);
    return name.includes(only);
  }
  let from = 0;
  let to = name.length;
  let first = 0;
  let last = segments.length - 1;
  if (anchoredStart) {
    if (!name.startsWith(segments[0]!)) return false;
    from = segments[0]!.length;
    first = 1;
  }
  if (anchoredEnd) {
    if (!name.endsWith(segments[last]!)) return false;
    to = name.length - segments[last]!.length;
    last -= 1;
    if (to < from) return false;
  }
  for (let i = first; i <= last; i += 1) {
    const at = name.indexOf(segments[i]!, from);
    if (at < 0 || at + segments[i]!.length > to) return false;
    from = at + segments[i]!.length;
  }
  return true;
}
