import type { UserPrincipal, UserType } from './principal.ts';

/** What the rule below needs of a user (a users row). */
export interface SigningInUser {
  user_type: UserType;
  state: string;
}

/** How a user came in: the `via` of their principal. */
export type SignInMethod = UserPrincipal['via'];

/**
 * THE "may this user authenticate" rule, for every credential and every re-check: the user is
 * active and not the ghost user; a password, a web session, an SSH key and the CLI are for humans
 * only (bots sign in with their project access token, nothing else).
 */
export function maySignIn(user: SigningInUser | undefined, via: SignInMethod): user is SigningInUser {
  if (user === undefined || user.state !== 'active' || user.user_type === 'ghost') return false;
  return via === 'token' || user.user_type === 'human';
}
