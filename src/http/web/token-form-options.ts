import { addDays, utcDate } from '../../domain/clock.ts';
import type { Deps } from '../../deps.ts';
import type { TokenFormOptions, TokenFormValues } from './components/token-form.tsx';
import { field, fields, type FormBody } from './form.ts';

const DEFAULT_LIFETIME_DAYS = 30;

/** Dates from the server's clock: tomorrow at the earliest, the instance's cap at the latest. */
export function tokenDates(deps: Deps): { today: string; minDate: string; maxDate: string | null; defaultDate: string } {
  const today = utcDate(deps.clock.now());
  const maxDate = deps.config.maxTokenLifetimeDays === null ? null : addDays(today, deps.config.maxTokenLifetimeDays);
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
  return { name: '', description: '', expiresAt: tokenDates(deps).defaultDate, accessLevel, scopes: [] };
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
  };
}
