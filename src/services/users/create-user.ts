import { randomBytes } from 'node:crypto';
import { AppError, fieldErrors, notPermitted } from '../../domain/errors.ts';
import { hashPassword } from '../../domain/password.ts';
import type { Principal } from '../../domain/principal.ts';
import { isEmail, isReservedUsername, nameError, pathError } from '../../domain/names.ts';
import { insertNamespace, namespacePathTaken } from '../../db/repositories/namespaces.ts';
import { insertUser, usernameOrEmailTaken } from '../../db/repositories/users.ts';
import type { Db } from '../../db/database.ts';
import type { UserRow } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../policies/principal-policies.ts';
import { canAdministerUsers } from '../../policies/user-policies.ts';

export interface CreateUserInput {
  username: string;
  email: string;
  name: string;
  password: string;
  admin: boolean;
}

export const MIN_PASSWORD_LENGTH = 8;

/** Admins create humans; each user gets a namespace named after them. A null password is a random one. */
export async function createUser(
  deps: Deps,
  actor: Principal,
  input: Omit<CreateUserInput, 'password'> & { password: string | null },
): Promise<UserRow> {
  if (!canAdministerUsers(requireUser(actor).user)) throw notPermitted('create_user');
  return insertHuman(deps, { ...input, password: input.password ?? randomBytes(48).toString('base64url') });
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
  const refuseTaken = async (db: Db) => {
    const taken = await usernameOrEmailTaken(db, input.username, input.email);
    if (taken.username || (await namespacePathTaken(db, input.username))) {
      throw new AppError('conflict', 'Username has already been taken');
    }
    if (taken.email) throw new AppError('conflict', 'Email has already been taken');
  };
  try {
    return await deps.db.transaction().execute(async (trx) => {
      await refuseTaken(trx);
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
  } catch (error) {
    // A concurrent request took the name or the address between our check and our insert.
    if (isUniqueViolation(error)) {
      await refuseTaken(deps.db);
      throw new AppError('conflict', 'Username has already been taken');
    }
    throw error;
  }
}
