import type { UserView } from '../../db/repositories/users.ts';
import type { UserRow } from '../../db/schema.ts';

/**
 * GitLab's user entities, from the smallest to the admin's. Fields Latchkey has no counterpart
 * for carry GitLab's defaults for an account that never set them: no avatar, profile texts empty,
 * no follows, no second factor, never signed in to the web UI, GitLab's default theme, colour
 * scheme and project limit. No user is external, has a public email or a private profile.
 */

/** UserBasic: authors, members, owners, and GET /users for a non-admin. */
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

/** User: GET /users/:id for a non-admin. */
export function presentUser(user: UserRow, baseUrl: string) {
  return {
    ...presentUserBasic(user, baseUrl),
    created_at: user.created_at,
    bio: '',
    location: null,
    public_email: null,
    linkedin: '',
    twitter: '',
    discord: '',
    github: '',
    website_url: '',
    organization: '',
    job_title: '',
    pronouns: null,
    bot: user.user_type === 'project_bot',
    work_information: null,
    followers: 0,
    following: 0,
    is_followed: false,
    local_time: null,
  };
}

/** UserPublic: GET /user, the caller's own account. */
export function presentUserPublic(user: UserRow, baseUrl: string) {
  return {
    ...presentUser(user, baseUrl),
    last_sign_in_at: null,
    // Accounts are made by an admin, the system or a project token: confirmed when created.
    confirmed_at: user.created_at,
    last_activity_on: null,
    email: user.email,
    theme_id: 1,
    color_scheme_id: 1,
    projects_limit: 100000,
    current_sign_in_at: null,
    identities: [],
    can_create_group: false,
    can_create_project: user.user_type === 'human',
    two_factor_enabled: false,
    external: false,
    private_profile: false,
    commit_email: user.email,
  };
}

/** UserWithAdmin: what an admin sees of anyone (GET /users, /users/:id, /user, POST /users). */
export function presentUserWithAdmin(user: UserView, baseUrl: string) {
  return {
    ...presentUserPublic(user, baseUrl),
    is_admin: user.is_admin === 1,
    note: null,
    namespace_id: user.namespace_id,
    created_by: null,
    current_sign_in_ip: null,
    last_sign_in_ip: null,
    email_reset_offered_at: null,
  };
}

/** For authors of records whose user may be gone (shown as the ghost user). */
export function presentAuthor(users: Map<number, UserRow>, id: number, baseUrl: string) {
  const user = users.get(id);
  return user ? presentUserBasic(user, baseUrl) : null;
}
