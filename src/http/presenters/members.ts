import type { MemberWithUser } from '../../db/repositories/members.ts';
import { presentUserBasic } from './users.ts';

export function presentMember({ member, user }: MemberWithUser, baseUrl: string) {
  return {
    ...presentUserBasic(user, baseUrl),
    access_level: member.access_level,
    created_at: member.created_at,
    expires_at: member.expires_at,
    created_by: null,
    membership_state: 'active',
    bot: user.user_type === 'project_bot',
  };
}
