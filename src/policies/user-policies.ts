import type { Actor, Principal } from '../domain/principal.ts';

/** Creating and deleting users, and acting on anyone's personal tokens: administrators. */
export const canAdministerUsers = (actor: Actor): boolean => actor.isAdmin;

/** Admins see the whole user directory: blocked users, every bot, private emails and admin fields. */
export function canSeeWholeUserDirectory(viewer: Principal): boolean {
  return viewer.kind === 'user' && canAdministerUsers(viewer.user);
}
