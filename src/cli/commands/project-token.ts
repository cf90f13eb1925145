import { MAX_GRACE_PERIOD_MINUTES } from '../../domain/active-token.ts';
import { isAccessLevel } from '../../domain/access-levels.ts';
import { isValidDate } from '../../domain/clock.ts';
import { parseId } from '../../domain/ids.ts';
import type { ProjectRef } from '../../domain/project-ref.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { BotTokenInput } from '../../services/tokens/create-bot-token.ts';
import { createProjectAccessToken } from '../../services/tokens/create-project-access-token.ts';
import { listProjectAccessTokens } from '../../services/tokens/read-project-access-tokens.ts';
import { revokeProjectAccessToken } from '../../services/tokens/revoke-project-access-token.ts';
import { rotateProjectAccessToken } from '../../services/tokens/rotate-project-access-token.ts';
import type { TokenLimitsInput } from '../../services/tokens/token-limit-rules.ts';
import { updateProjectAccessToken } from '../../services/tokens/update-project-access-token.ts';
import { actingAdmin, AS_OPTION } from '../admin-actor.ts';
import { listOption, requireString, UsageError, type CliIo, type Command } from '../command.ts';
import { tokenRecord, tokenTable } from '../token-listing.ts';

// `latchkey project-token create|list|revoke|rotate`: an admin manages a project's access tokens
// through the same services as the API (permissions, bot users, audit events included).

type Values = Record<string, string | boolean | string[] | undefined>;

const PROJECT = { project: { type: 'string' as const } };

/** An id or `namespace/project`, as the API's `:id` (the service reads it). */
function projectOption(values: Values): ProjectRef {
  return requireString(values, 'project');
}

export function tokenIdOption(values: Values): number {
  const id = parseId(requireString(values, 'id'));
  if (id === null) throw new UsageError('--id must be a token id (a number)');
  return id;
}

export function expiresAtOption(values: Values): string | null {
  const raw = values['expires-at'];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !isValidDate(raw)) throw new UsageError('--expires-at must be a date, YYYY-MM-DD');
  return raw;
}

// token-limits
export const LIMIT_OPTIONS = {
  'allowed-ip': { type: 'string' as const, multiple: true },
  'allowed-ref': { type: 'string' as const, multiple: true },
};

/** --allowed-ip and --allowed-ref (repeatable, or comma-separated); --clear-allowed-ips / --clear-allowed-refs lift a limit. */
export function limitOptions(values: Values): TokenLimitsInput {
  const list = (option: 'allowed-ip' | 'allowed-ref', clear: string): string[] | undefined => {
    if (values[clear] === true) {
      if (values[option] !== undefined) throw new UsageError(`--${clear} and --${option} cannot be combined`);
      return [];
    }
    return values[option] === undefined ? undefined : listOption(values, option);
  };
  return { allowedIps: list('allowed-ip', 'clear-allowed-ips'), allowedRefs: list('allowed-ref', 'clear-allowed-refs') };
}

/** The options of `project-token create` and `group-token create`, checked, as the services take them. */
export function newTokenOptions(values: Values): BotTokenInput {
  const name = requireString(values, 'name');
  const scopes = listOption(values, 'scopes');
  if (scopes.length === 0) throw new UsageError('--scopes is required');
  let accessLevel: number | null = null;
  if (values['access-level'] !== undefined) {
    accessLevel = Number(values['access-level']);
    if (!isAccessLevel(accessLevel)) throw new UsageError('--access-level must be one of 10, 15, 20, 30, 40, 50');
  }
  return {
    name,
    description: typeof values.description === 'string' ? values.description : null,
    scopes,
    expiresAt: expiresAtOption(values),
    accessLevel,
    ip: null,
    limits: limitOptions(values),
  };
}

/** The options `create` takes beside the project or group. */
export const NEW_TOKEN_OPTIONS = {
  name: { type: 'string' as const },
  scopes: { type: 'string' as const, multiple: true },
  'access-level': { type: 'string' as const },
  'expires-at': { type: 'string' as const },
  description: { type: 'string' as const },
  ...LIMIT_OPTIONS,
  ...AS_OPTION,
};

export const projectTokenCreateCommand: Command = {
  name: 'project-token create',
  summary: "Create a project access token (and its bot user); prints only the token",
  usage:
    'latchkey project-token create --project <id|namespace/project> --name <name> --scopes api[,read_api,...] [--access-level 10|15|20|30|40|50] [--expires-at YYYY-MM-DD] [--description <text>] [--allowed-ip <address or CIDR>]... [--allowed-ref <refs/... pattern>]... [--as <admin>]',
  options: { ...PROJECT, ...NEW_TOKEN_OPTIONS },
  async run(deps, values, io) {
    const project = projectOption(values);
    const input = newTokenOptions(values);
    const actor = await actingAdmin(deps, values);
    const { plain } = await createProjectAccessToken(deps, actor, { project, ...input });
    io.out(plain);
    return 0;
  },
};

export const projectTokenListCommand: Command = {
  name: 'project-token list',
  summary: "List a project's access tokens (never their secrets)",
  usage: 'latchkey project-token list --project <id|namespace/project> [--state active|inactive] [--search <text>] [--json] [--as <admin>]',
  options: { ...PROJECT, state: { type: 'string' }, search: { type: 'string' }, json: { type: 'boolean' }, ...AS_OPTION },
  async run(deps, values, io) {
    const project = projectOption(values);
    const actor = await actingAdmin(deps, values);
    await printTokens(deps, values, io, (filter, page) => listProjectAccessTokens(deps, actor, { project, filter, page }));
    return 0;
  },
};

/** Every page of a project's or group's tokens, printed as a table or, with --json, as JSON. */
export async function printTokens(
  deps: Deps,
  values: Values,
  io: CliIo,
  pageOf: (filter: { state?: 'active' | 'inactive'; search?: string }, page: Page) => Promise<Paged<TokenRow>>,
): Promise<void> {
  const state = values.state;
  if (state !== undefined && state !== 'active' && state !== 'inactive') throw new UsageError('--state must be active or inactive');
  const rows: TokenRow[] = [];
  for (let page = 1; ; page += 1) {
    const result = await pageOf({ state, search: typeof values.search === 'string' ? values.search : undefined }, { page, perPage: 100 });
    rows.push(...result.items);
    if (page * result.perPage >= result.total) break;
  }
  const now = deps.clock.now();
  const tokens = rows.map((row) => tokenRecord(row, now));
  if (values.json) io.out(JSON.stringify(tokens, null, 2));
  else for (const line of tokenTable(tokens)) io.out(line);
}

export const projectTokenRevokeCommand: Command = {
  name: 'project-token revoke',
  summary: 'Revoke a project access token; its bot user is deleted and what it wrote moves to the ghost user',
  usage: 'latchkey project-token revoke --project <id|namespace/project> --id <token id> [--as <admin>]',
  options: { ...PROJECT, id: { type: 'string' }, ...AS_OPTION },
  async run(deps, values, io) {
    const project = projectOption(values);
    const tokenId = tokenIdOption(values);
    const actor = await actingAdmin(deps, values);
    await revokeProjectAccessToken(deps, actor, { project, tokenId, ip: null });
    io.err(`revoked project access token ${tokenId}`);
    return 0;
  },
};

/** `--grace-period-minutes N`: how long the old token keeps working (0, the default: not at all). */
export function gracePeriodOption(values: Values): number {
  const raw = values['grace-period-minutes'];
  if (raw === undefined) return 0;
  const minutes = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(minutes <= MAX_GRACE_PERIOD_MINUTES)) throw new UsageError(`--grace-period-minutes must be a whole number from 0 to ${MAX_GRACE_PERIOD_MINUTES}`);
  return minutes;
}

export const projectTokenRotateCommand: Command = {
  name: 'project-token rotate',
  summary: 'Rotate a project access token (default expiry: one week); prints only the new token',
  usage:
    'latchkey project-token rotate --project <id|namespace/project> --id <token id> [--expires-at YYYY-MM-DD] [--grace-period-minutes 0-1440] [--as <admin>]',
  options: { ...PROJECT, id: { type: 'string' }, 'expires-at': { type: 'string' }, 'grace-period-minutes': { type: 'string' }, ...AS_OPTION },
  async run(deps, values, io) {
    const project = projectOption(values);
    const tokenId = tokenIdOption(values);
    const expiresAt = expiresAtOption(values);
    const graceMinutes = gracePeriodOption(values);
    const actor = await actingAdmin(deps, values);
    const { plain } = await rotateProjectAccessToken(deps, actor, { project, tokenId, expiresAt, graceMinutes, ip: null });
    io.out(plain);
    return 0;
  },
};

// token-limits
export const projectTokenUpdateCommand: Command = {
  name: 'project-token update',
  summary: 'Change where a project access token may be used from and which refs it may update',
  usage:
    'latchkey project-token update --project <id|namespace/project> --id <token id> [--allowed-ip <address or CIDR>]... [--allowed-ref <refs/... pattern>]... [--clear-allowed-ips] [--clear-allowed-refs] [--as <admin>]',
  options: { ...PROJECT, id: { type: 'string' }, ...LIMIT_OPTIONS, 'clear-allowed-ips': { type: 'boolean' }, 'clear-allowed-refs': { type: 'boolean' }, ...AS_OPTION },
  async run(deps, values, io) {
    const project = projectOption(values);
    const tokenId = tokenIdOption(values);
    const limits = limitOptions(values);
    if (limits.allowedIps === undefined && limits.allowedRefs === undefined) {
      throw new UsageError('give --allowed-ip, --allowed-ref, --clear-allowed-ips or --clear-allowed-refs');
    }
    const actor = await actingAdmin(deps, values);
    const token = await updateProjectAccessToken(deps, actor, { project, tokenId, limits, ip: null });
    const record = tokenRecord(token, deps.clock.now());
    io.err(`updated project access token ${tokenId}: allowed IPs ${record.allowed_ips.join(', ') || 'any'}; allowed refs ${record.allowed_refs.join(', ') || 'any'}`);
    return 0;
  },
};

export const projectTokenCommands: Command[] = [
  projectTokenCreateCommand,
  projectTokenListCommand,
  projectTokenRevokeCommand,
  projectTokenRotateCommand,
  projectTokenUpdateCommand,
];
