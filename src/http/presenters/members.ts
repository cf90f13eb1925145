import type { MemberWithUser } from '../../db/repositories/members.ts';
import type { UserRow } from '../../db/schema.ts';
import { presentUserBasic } from './users.ts';

/**
 * GitLab's member entity: the user (UserBasic) with the membership. `created_by` is the user who
 * added the member, left out when unknown (as GitLab does); `bot` is Latchkey's own mark.
 */
export function presentMember({ member, user }: MemberWithUser, baseUrl: string, creators: Map<number, UserRow>) {
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
