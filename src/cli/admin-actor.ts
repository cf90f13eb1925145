import type { UserPrincipal } from '../domain/principal.ts';
import { maySignIn } from '../domain/sign-in.ts';
import { findUserByUsername, toActor } from '../db/repositories/users.ts';
import type { Deps } from '../deps.ts';
import { UsageError } from './command.ts';

/** The CLI acts as an admin user (root unless --as names another) who may sign in, with every ability (via 'cli'). */
export async function cliActor(deps: Deps, username: string): Promise<UserPrincipal> {
  const user = await findUserByUsername(deps.db, username);
  if (!maySignIn(user, 'cli') || user.is_admin !== 1) throw new UsageError(`--as must name an admin user; "${username}" is not one`);
  return { kind: 'user', user: toActor(user), via: 'cli' };
}

/** `--as <admin>`, taken by every command that acts on the instance as someone. */
export const AS_OPTION = { as: { type: 'string' as const } };

/** The admin named by `--as`, root by default. */
export function actingAdmin(deps: Deps, values: Record<string, unknown>): Promise<UserPrincipal> {
  return cliActor(deps, typeof values.as === 'string' ? values.as : 'root');
}
