import type { UserRow } from '../../db/schema.ts';
import { presentUserBasic } from './users.ts';

/**
 * GitLab's member entity: the user (UserBasic) with the membership. `created_by` is the user who
 * added the member, left out when unknown (as GitLab does); `bot` is Latchkey's own mark.
 */
/** A membership of a project or a group, with its user, as the presenter reads it. */
export interface PresentableMember {
  member: { access_level: number; created_at: string; created_by_id: number | null; expires_at: string | null };
  user: UserRow;
}

export function presentMember({ member, user }: PresentableMember, baseUrl: string, creators: Map<number, UserRow>) {
  const creator = member.created_by_id === null ? undefined : creators.get(member.created_by_id);
  return {
    ...presentUserBasic(user, baseUrl),
    access_level: member.access_level,
    created_at: member.created_at,
    ...(creator && { created_by: presentUserBasic(creator, baseUrl) }),
    expires_at: member.expires_at,
    membership_state: 'active',
    bot: user.user_type === 'project_bot',
  };
}
