import { requireString, type Command } from '../command.ts';
import { actingAdmin, AS_OPTION } from '../admin-actor.ts';
import {
  createGroupAccessToken,
  listGroupAccessTokens,
  revokeGroupAccessToken,
  rotateGroupAccessToken,
} from '../../services/tokens/group-access-tokens.ts';
import { expiresAtOption, gracePeriodOption, NEW_TOKEN_OPTIONS, newTokenOptions, printTokens, tokenIdOption } from './project-token.ts';

// `latchkey group-token create|list|revoke|rotate`: an admin manages a group's access tokens through
// the same services as the API, as `project-token` does a project's.

const GROUP = { group: { type: 'string' as const } };
const groupOption = (values: Record<string, unknown>): string => requireString(values, 'group');

export const groupTokenCommands: Command[] = [
  {
    name: 'group-token create',
    summary: 'Create a group access token (and its bot user, a member of the group); prints only the token',
    usage:
      'latchkey group-token create --group <id|group/subgroup> --name <name> --scopes api[,read_api,...] [--access-level 10|15|20|30|40|50] [--expires-at YYYY-MM-DD] [--description <text>] [--allowed-ip <address or CIDR>]... [--allowed-ref <refs/... pattern>]... [--as <admin>]',
    options: { ...GROUP, ...NEW_TOKEN_OPTIONS },
    async run(deps, values, io) {
      const group = groupOption(values);
      const input = newTokenOptions(values);
      const actor = await actingAdmin(deps, values);
      const { plain } = await createGroupAccessToken(deps, actor, { group, ...input });
      io.out(plain);
      return 0;
    },
  },
  {
    name: 'group-token list',
    summary: "List a group's access tokens (never their secrets)",
    usage: 'latchkey group-token list --group <id|group/subgroup> [--state active|inactive] [--search <text>] [--json] [--as <admin>]',
    options: { ...GROUP, state: { type: 'string' }, search: { type: 'string' }, json: { type: 'boolean' }, ...AS_OPTION },
    async run(deps, values, io) {
      const group = groupOption(values);
      const actor = await actingAdmin(deps, values);
      await printTokens(deps, values, io, (filter, page) => listGroupAccessTokens(deps, actor, { group, filter, page }));
      return 0;
    },
  },
  {
    name: 'group-token revoke',
    summary: 'Revoke a group access token; its bot user is deleted and what it wrote moves to the ghost user',
    usage: 'latchkey group-token revoke --group <id|group/subgroup> --id <token id> [--as <admin>]',
    options: { ...GROUP, id: { type: 'string' }, ...AS_OPTION },
    async run(deps, values, io) {
      const group = groupOption(values);
      const tokenId = tokenIdOption(values);
      const actor = await actingAdmin(deps, values);
      await revokeGroupAccessToken(deps, actor, { group, tokenId, ip: null });
      io.err(`revoked group access token ${tokenId}`);
      return 0;
    },
  },
  {
    name: 'group-token rotate',
    summary: 'Rotate a group access token (default expiry: one week); prints only the new token',
    usage: 'latchkey group-token rotate --group <id|group/subgroup> --id <token id> [--expires-at YYYY-MM-DD] [--grace-period-minutes 0-1440] [--as <admin>]',
    options: { ...GROUP, id: { type: 'string' }, 'expires-at': { type: 'string' }, 'grace-period-minutes': { type: 'string' }, ...AS_OPTION },
    async run(deps, values, io) {
      const group = groupOption(values);
      const tokenId = tokenIdOption(values);
      const expiresAt = expiresAtOption(values);
      const graceMinutes = gracePeriodOption(values);
      const actor = await actingAdmin(deps, values);
      const { plain } = await rotateGroupAccessToken(deps, actor, { group, tokenId, expiresAt, graceMinutes, ip: null });
      io.out(plain);
      return 0;
    },
  },
];
