/**
 * A token's limits as stored (personal_access_tokens.allowed_ips, .allowed_refs): a JSON list, or
 * null when unrestricted. An empty list is never stored: it means no limit and is kept as null.
 */
export function parseTokenLimit(stored: string | null): string[] | null {
  if (stored === null) return null;
  const list = JSON.parse(stored) as string[];
  return list.length === 0 ? null : list;
}

export function storedTokenLimit(list: readonly string[] | null): string | null {
  return list === null || list.length === 0 ? null : JSON.stringify(list);
}
