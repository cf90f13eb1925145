import { isScope } from '../../domain/scopes.ts';
import { createPersonalAccessToken } from '../../services/tokens/create-personal-access-token.ts';
import { listUsers } from '../../services/users/read-users.ts';
import { actingAdmin, AS_OPTION } from '../admin-actor.ts';
import { listOption, requireString, UsageError, type Command } from '../command.ts';

/** What an admin does over the API: find the user by username (GET /users), then POST /users/:id/personal_access_tokens. */
export const tokenCreateCommand: Command = {
  name: 'token create',
  summary: "Create a personal access token for a human user; prints only the token",
  usage: 'latchkey token create --user <username> --name <name> --scopes api[,read_api,...] [--expires-at YYYY-MM-DD] [--description <text>] [--as <admin>]',
  options: {
    user: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'string', multiple: true },
    'expires-at': { type: 'string' },
    description: { type: 'string' },
    ...AS_OPTION,
  },
  async run(deps, values, io) {
    const username = requireString(values, 'user');
    const scopes = listOption(values, 'scopes');
    if (scopes.length === 0) throw new UsageError('--scopes is required');
    const unknown = scopes.filter((s) => !isScope(s));
    if (unknown.length > 0) throw new UsageError(`unknown scope: ${unknown.join(', ')}`);
    const admin = await actingAdmin(deps, values);
    const [user] = (await listUsers(deps, admin, { filter: { username }, page: { page: 1, perPage: 1 } })).items;
    if (!user) throw new UsageError(`no user named "${username}"`);
    const { plain } = await createPersonalAccessToken(deps, admin, {
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
