import { addDays, isValidDate, utcDate } from '../../domain/clock.ts';
import { badRequest, invalidParam } from '../../domain/errors.ts';
import { generateToken, tokenDigest } from '../../domain/token-format.ts';
import { nameError } from '../../domain/names.ts';
import type { Deps } from '../../deps.ts';

/** The latest expiry date the instance allows today, or null when there is no cap. */
export function maxExpiryDate(deps: Deps): string | null {
  const { maxTokenLifetimeDays } = deps.config;
  return maxTokenLifetimeDays === null ? null : addDays(utcDate(deps.clock.now()), maxTokenLifetimeDays);
}

/** GitLab's cap on a rotated token, whatever the instance allows: a year from today. */
export const MAX_ROTATION_LIFETIME_DAYS = 365;

/** The latest expiry date a rotated token may get today: the instance's cap, and never past a year. */
export function maxRotationExpiryDate(deps: Deps): string {
  const year = addDays(utcDate(deps.clock.now()), MAX_ROTATION_LIFETIME_DAYS);
  const max = maxExpiryDate(deps);
  return max !== null && max < year ? max : year;
}

/** A requested expiry date, refused when it is not a date, today or earlier (dead on arrival), or past `max`. */
function checkedExpiry(deps: Deps, requested: string, max: string | null): string {
  const today = utcDate(deps.clock.now());
  if (!isValidDate(requested)) throw invalidParam('expires_at is invalid');
  if (requested <= today) {
    throw badRequest(
      `Expires at must be after ${today}: a token stops working at 00:00 UTC on its expiry date, so one expiring on ${requested} would be expired on arrival`,
    );
  }
  if (max !== null && requested > max) throw badRequest(`Expires at must be before ${addDays(max, 1)}`);
  return requested;
}

/**
 * The expiry a new token gets: refused when today or earlier (dead on arrival) or beyond the
 * instance's maximum lifetime; a missing date becomes the maximum when there is one, and is
 * refused (GitLab's "expires_at is missing") when the instance requires a date.
 */
export function resolveExpiry(deps: Deps, requested: string | null): string | null {
  const max = maxExpiryDate(deps);
  if (requested !== null) return checkedExpiry(deps, requested, max);
  if (max !== null) return max;
  if (deps.config.requireTokenExpiry) throw badRequest('expires_at is missing');
  return null;
}

export const DEFAULT_ROTATION_DAYS = 7;

/**
 * The expiry a rotated token gets: one week unless told otherwise, capped like a new token's and
 * never more than a year away (a requested date past the cap is refused, as on creation).
 */
export function resolveRotationExpiry(deps: Deps, requested: string | null): string {
  const max = maxRotationExpiryDate(deps);
  if (requested !== null) return checkedExpiry(deps, requested, max);
  const week = addDays(utcDate(deps.clock.now()), DEFAULT_ROTATION_DAYS);
  return max < week ? max : week;
}

export function tokenNameProblem(name: string, description: string | null): string | null {
  return nameError(name, 'Name') ?? (description !== null && description.length > 255 ? 'Description is too long (maximum is 255 characters)' : null);
}

/** A fresh secret and the digest that is all the database ever sees of it. */
export function mintToken(deps: Deps): { plain: string; digest: string } {
  const plain = generateToken(deps.config.tokenPrefix);
  return { plain, digest: tokenDigest(deps.secret, plain) };
}
