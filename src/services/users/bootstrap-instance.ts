import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import { findUserByUsername } from '../../db/repositories/users.ts';
import type { Deps } from '../../deps.ts';
import { writePrivateFile } from '../../instance-files.ts';
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

/** What creating root left for the operator: the file holding its generated password, if any. */
export interface RootCreated {
  passwordFile: string | null;
}

/** The operator's one line about a root just created (where its password is, never the password). */
export function rootCreatedNotice(created: RootCreated): string {
  return created.passwordFile === null
    ? 'created the admin user root with the password of LATCHKEY_ROOT_PASSWORD'
    : `created the admin user root; its generated password is in ${created.passwordFile} (read it, then delete it)`;
}

/**
 * What every process opening the instance does after the migrations (the server at start, each
 * CLI command): create root when missing, its generated password written once to
 * <data>/initial_root_password (mode 0600), and log it. Null when root already existed.
 */
export async function bootstrapInstance(deps: Deps): Promise<RootCreated | null> {
  const root = await bootstrapRoot(deps);
  if (!root) return null;
  const created: RootCreated = {
    passwordFile: root.generatedPassword === null ? null : writePrivateFile(deps.config.dataDir, 'initial_root_password', `${root.generatedPassword}\n`),
  };
  deps.log.info(rootCreatedNotice(created));
  return created;
}
