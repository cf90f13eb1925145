import type { Principal } from '../domain/principal.ts';

/** Admins see the whole user directory: blocked users, every bot, private emails and admin fields. */
export function canSeeWholeUserDirectory(viewer: Principal): boolean {
  return viewer.kind === 'user' && viewer.user.isAdmin;
}
