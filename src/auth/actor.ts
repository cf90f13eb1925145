import type { UserRow } from '../db/schema.ts';
import type { Actor } from '../domain/principal.ts';

export function toActor(user: UserRow): Actor {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    userType: user.user_type,
    isAdmin: user.is_admin === 1,
  };
}
