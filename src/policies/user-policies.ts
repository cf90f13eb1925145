import type { Principal } from '../domain/principal.ts';

/** A user's email and admin flags are shown to that user and to admins only. */
export function canSeePrivateUserFields(viewer: Principal, userId: number): boolean {
  return viewer.kind === 'user' && (viewer.user.isAdmin || viewer.user.id === userId);
}

/** Admins see the whole user directory: blocked users, every bot, private emails. */
export function canSeeWholeUserDirectory(viewer: Principal): boolean {
  return viewer.kind === 'user' && viewer.user.isAdmin;
}
