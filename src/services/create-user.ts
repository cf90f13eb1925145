import { AppError, fieldErrors, forbidden } from '../domain/errors.ts';
import { hashPassword } from '../domain/password.ts';
import type { Principal } from '../domain/principal.ts';
import { isEmail, isReservedUsername, nameError, pathError } from '../domain/names.ts';
import { insertNamespace, namespacePathTaken } from '../db/repositories/namespaces.ts';
import { insertUser, usernameOrEmailTaken } from '../db/repositories/users.ts';
import type { UserRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

export interface CreateUserInput {
  username: string;
  email: string;
  name: string;
  password: string;
  admin: boolean;
}

export const MIN_PASSWORD_LENGTH = 8;

/** Admins create humans; each user gets a namespace named after them. */
export async function createUser(deps: Deps, actor: Principal, input: CreateUserInput): Promise<UserRow> {
  if (actor.kind !== 'user' || !actor.user.isAdmin) throw forbidden();
  return insertHuman(deps, input);
}

/** Shared by the admin route and the root bootstrap (which has no actor yet). */
export async function insertHuman(deps: Deps, input: CreateUserInput): Promise<UserRow> {
  const errors: Record<string, string[]> = {};
  const usernameProblem = pathError(input.username, 'Username') ?? (isReservedUsername(input.username) ? 'Username is reserved' : null);
  if (usernameProblem) errors.username = [usernameProblem];
  const nameProblem = nameError(input.name, 'Name');
  if (nameProblem) errors.name = [nameProblem];
  if (!isEmail(input.email)) errors.email = ['Email is invalid'];
  if (input.password.length < MIN_PASSWORD_LENGTH) errors.password = [`Password is too short (minimum is ${MIN_PASSWORD_LENGTH} characters)`];
  else if (input.password.length > 128) errors.password = ['Password is too long (maximum is 128 characters)'];
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);

  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const taken = await usernameOrEmailTaken(trx, input.username, input.email);
    if (taken.username || (await namespacePathTaken(trx, input.username))) {
      throw new AppError('conflict', 'Username has already been taken');
    }
    if (taken.email) throw new AppError('conflict', 'Email has already been taken');
    const user = await insertUser(trx, {
      username: input.username,
      name: input.name,
      email: input.email,
      password_hash: passwordHash,
      user_type: 'human',
      is_admin: input.admin ? 1 : 0,
      state: 'active',
      bot_project_id: null,
      created_at: now,
    });
    await insertNamespace(trx, { path: user.username, name: user.name, owner_id: user.id, created_at: now });
    return user;
  });
}
