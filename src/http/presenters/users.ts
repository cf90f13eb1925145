import type { UserRow } from '../../db/schema.ts';

export function presentUserBasic(user: UserRow, baseUrl: string) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: user.state,
    locked: false,
    avatar_url: null,
    web_url: `${baseUrl}/${user.username}`,
  };
}

/** GET /users/:id; `withPrivate` adds what only the user and admins see. */
export function presentUser(user: UserRow, baseUrl: string, withPrivate: boolean) {
  return {
    ...presentUserBasic(user, baseUrl),
    created_at: user.created_at,
    bio: '',
    bot: user.user_type === 'project_bot',
    public_email: null,
    ...(withPrivate && {
      email: user.email,
      is_admin: user.is_admin === 1,
      can_create_project: user.user_type === 'human',
      two_factor_enabled: false,
      external: false,
    }),
  };
}

/** For authors of records whose user may be gone (shown as the ghost user). */
export function presentAuthor(users: Map<number, UserRow>, id: number, baseUrl: string) {
  const user = users.get(id);
  return user ? presentUserBasic(user, baseUrl) : null;
}
