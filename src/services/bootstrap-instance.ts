import { randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import { findUserByUsername } from '../db/repositories/users.ts';
import type { Deps } from '../deps.ts';
import { insertHuman } from './create-user.ts';

/**
 * Creates the admin `root` on first start. Returns the generated password when none was
 * configured, so the caller can store it for the operator; null when root already existed.
 */
export async function bootstrapRoot(deps: Deps): Promise<{ generatedPassword: string | null } | null> {
  if (await findUserByUsername(deps.db, 'root')) return null;
  const generated = deps.config.rootPassword === null ? randomBytes(18).toString('base64url') : null;
  const host = deps.config.externalHost;
  try {
    await insertHuman(deps, {
      username: 'root',
      name: 'Administrator',
      email: `admin@${host.includes('.') ? host : `${host}.local`}`,
      password: deps.config.rootPassword ?? generated!,
      admin: true,
    });
  } catch (error) {
    // Another node starting at the same moment created root first: that root stands.
    if (error instanceof AppError && error.code === 'conflict' && (await findUserByUsername(deps.db, 'root'))) return null;
    throw error;
  }
  return { generatedPassword: generated };
}
