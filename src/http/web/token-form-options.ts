import type { FastifyRequest } from 'fastify';
import { AccessLevel, isAccessLevel } from '../../domain/access-levels.ts';
import { addDays, utcDate } from '../../domain/clock.ts';
import type { Page, Paged } from '../../db/pagination.ts';
import type { TokenRow } from '../../db/schema.ts';
import { invalidParam } from '../../domain/errors.ts';
import type { Deps } from '../../deps.ts';
import { maxExpiryDate } from '../../services/tokens/token-rules.ts';
import type { TokenFormOptions, TokenFormValues } from './components/token-form.tsx';
import { field, fields, type FormBody } from './form.ts';
import { noticeOf } from './notices.ts';
import type { TokensPageData } from './components/access-token-sections.tsx';

const DEFAULT_LIFETIME_DAYS = 30;

/** Dates from the server's clock: tomorrow at the earliest, the instance's cap at the latest. */
export function tokenDates(deps: Deps): { today: string; minDate: string; maxDate: string | null; defaultDate: string } {
  const today = utcDate(deps.clock.now());
  const maxDate = maxExpiryDate(deps);
  const wanted = addDays(today, DEFAULT_LIFETIME_DAYS);
  return { today, minDate: addDays(today, 1), maxDate, defaultDate: maxDate !== null && maxDate < wanted ? maxDate : wanted };
}

export function tokenFormOptions(
  deps: Deps,
  options: Pick<TokenFormOptions, 'action' | 'noun' | 'scopes' | 'roles'>,
): TokenFormOptions {
  const { minDate, maxDate } = tokenDates(deps);
  return { ...options, minDate, maxDate, expiryRequired: deps.config.requireTokenExpiry && maxDate === null };
}

export function defaultTokenValues(deps: Deps, accessLevel: number | null): TokenFormValues {
  return { name: '', description: '', expiresAt: tokenDates(deps).defaultDate, accessLevel, scopes: [], allowedIps: '', allowedRefs: '' };
}

/** The posted form, as typed (so a refused form comes back filled in). */
export function postedTokenValues(body: FormBody): TokenFormValues {
  const level = field(body, 'access_level');
  return {
    name: field(body, 'name'),
    description: field(body, 'description'),
    expiresAt: field(body, 'expires_at').trim(),
    accessLevel: /^\d{1,3}$/.test(level) ? Number(level) : null,
    scopes: fields(body, 'scopes'),
    allowedIps: field(body, 'allowed_ips'),
    allowedRefs: field(body, 'allowed_refs'),
  };
}

/** token-limits: a limits textarea as the services take it, one entry a line (empty: no limit). */
export function limitEntries(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
}

/** A posted token form as the create services take it: blanks become nulls; no scope at all is refused. */
export function tokenInput(values: TokenFormValues): { name: string; description: string | null; scopes: string[]; expiresAt: string | null } {
  if (values.scopes.length === 0) throw invalidParam('Select at least one scope.');
  return {
    name: values.name,
    description: values.description.trim() === '' ? null : values.description,
    scopes: values.scopes,
    expiresAt: values.expiresAt === '' ? null : values.expiresAt,
  };
}

/** A posted project or group token form as the bot token services take it (Maintainer by default, as GitLab). */
export function botTokenFormInput(values: TokenFormValues) {
  const level = values.accessLevel ?? AccessLevel.Maintainer;
  const input = tokenInput(values);
  if (!isAccessLevel(level)) throw invalidParam('access_level does not have a valid value');
  return { ...input, accessLevel: level, limits: { allowedIps: limitEntries(values.allowedIps), allowedRefs: limitEntries(values.allowedRefs) } };
}

/** What the last POST of a tokens page came to: the form refused, a revoke refused, or the new token. */
export interface TokenPageOutcome {
  values?: TokenFormValues;
  error?: string | null;
  alert?: string | null;
  newToken?: string | null;
  status?: number;
}

/** A tokens page (personal or project): its active and inactive tokens, newest first, its form, and the outcome. */
export async function tokensPageData(
  deps: Deps,
  request: FastifyRequest,
  input: {
    list: (filter: { state: 'active' | 'inactive' }, page: Page) => Promise<Paged<TokenRow>>;
    form: Pick<TokenFormOptions, 'action' | 'noun' | 'scopes' | 'roles'>;
    defaultLevel: number | null;
    outcome: TokenPageOutcome;
  },
): Promise<TokensPageData> {
  const page = { page: 1, perPage: 100 };
  const { outcome } = input;
  return {
    active: await input.list({ state: 'active' }, page),
    inactive: await input.list({ state: 'inactive' }, page),
    today: tokenDates(deps).today,
    form: tokenFormOptions(deps, input.form),
    values: outcome.values ?? defaultTokenValues(deps, input.defaultLevel),
    error: outcome.error ?? null,
    alert: outcome.alert ?? null,
    newToken: outcome.newToken ?? null,
    notice: noticeOf(request.query),
  };
}
