import { AppError } from '../domain/errors.ts';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../domain/password.ts';
import type { UserPrincipal } from '../domain/principal.ts';
import { maySignIn } from '../domain/sign-in.ts';
import { findUserByLogin, toActor } from '../db/repositories/users.ts';
import type { Deps } from '../deps.ts';

/** A human's username (or email) and password. Bots and the ghost user have no password. */
export async function authenticatePassword(deps: Deps, login: string, password: string): Promise<UserPrincipal> {
  const user = login.length > 0 && login.length <= 255 ? await findUserByLogin(deps.db, login) : undefined;
  const hash = user?.password_hash ?? DUMMY_PASSWORD_HASH;
  const ok = await verifyPassword(password.slice(0, 1024), hash);
  if (!ok || !maySignIn(user, 'password') || user.password_hash === null) {
    throw new AppError('unauthorized', 'Invalid login or password');
  }
  return { kind: 'user', user: toActor(user), via: 'password' };
}
