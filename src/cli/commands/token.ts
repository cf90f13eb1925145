import { findUserByUsername } from '../../db/repositories/users.ts';
import { isScope } from '../../domain/scopes.ts';
import { createPersonalAccessToken } from '../../services/create-personal-access-token.ts';
import { listOption, requireString, UsageError, type Command } from '../command.ts';

export const tokenCreateCommand: Command = {
  name: 'token create',
  summary: "Create a personal access token for a human user; prints only the token",
  usage: 'latchkey token create --user <username> --name <name> --scopes api[,read_api,...] [--expires-at YYYY-MM-DD] [--description <text>]',
  options: {
    user: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'string', multiple: true },
    'expires-at': { type: 'string' },
    description: { type: 'string' },
  },
  async run(deps, values, io) {
    const username = requireString(values, 'user');
    const scopes = listOption(values, 'scopes');
    if (scopes.length === 0) throw new UsageError('--scopes is required');
    const unknown = scopes.filter((s) => !isScope(s));
    if (unknown.length > 0) throw new UsageError(`unknown scope: ${unknown.join(', ')}`);
    const user = await findUserByUsername(deps.db, username);
    if (!user) throw new UsageError(`no user named "${username}"`);
    const { plain } = await createPersonalAccessToken(deps, 'system', {
      userId: user.id,
      name: requireString(values, 'name'),
      description: typeof values.description === 'string' ? values.description : null,
      scopes: scopes.filter(isScope),
      expiresAt: typeof values['expires-at'] === 'string' ? values['expires-at'] : null,
    });
    io.out(plain);
    return 0;
  },
};
