import type { SshKeyRow } from '../../db/schema.ts';

/** GitLab's SSH key entity. */
export function presentSshKey(key: SshKeyRow) {
  return {
    id: key.id,
    title: key.title,
    created_at: key.created_at,
    expires_at: key.expires_at,
    key: key.key,
    usage_type: key.usage_type,
  };
}
