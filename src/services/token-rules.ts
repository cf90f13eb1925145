import { addDays, isValidDate, utcDate } from '../domain/clock.ts';
import { badRequest, invalidParam } from '../domain/errors.ts';
import { generateToken, tokenDigest } from '../domain/token-format.ts';
import { nameError } from '../domain/names.ts';
import type { Deps } from '../deps.ts';

/** The latest expiry date the instance allows today, or null when there is no cap. */
export function maxExpiryDate(deps: Deps): string | null {
  const { maxTokenLifetimeDays } = deps.config;
  return maxTokenLifetimeDays === null ? null : addDays(utcDate(deps.clock.now()), maxTokenLifetimeDays);
}

/**
 * The expiry a new token gets: refused when today or earlier (dead on arrival) or beyond the
 * instance's maximum lifetime; a missing date becomes the maximum when there is one, and is
 * refused when the instance requires a date.
 */
export function resolveExpiry(deps: Deps, requested: string | null): string | null {
  const today = utcDate(deps.clock.now());
  const max = maxExpiryDate(deps);
  if (requested === null) {
    if (max !== null) return max;
    if (deps.config.requireTokenExpiry) throw badRequest("Expires at can't be blank");
    return null;
  }
  if (!isValidDate(requested)) throw invalidParam('expires_at is invalid');
  if (requested <= today) {
    throw badRequest(
      `Expires at must be after ${today}: a token stops working at 00:00 UTC on its expiry date, so one expiring on ${requested} would be expired on arrival`,
    );
  }
  if (max !== null && requested > max) throw badRequest(`Expires at must be before ${addDays(max, 1)}`);
  return requested;
}

export const DEFAULT_ROTATION_DAYS = 7;

/** A rotated token lives one week unless told otherwise (never past the instance's maximum). */
export function resolveRotationExpiry(deps: Deps, requested: string | null): string | null {
  if (requested !== null) return resolveExpiry(deps, requested);
  const week = addDays(utcDate(deps.clock.now()), DEFAULT_ROTATION_DAYS);
  const max = maxExpiryDate(deps);
  return resolveExpiry(deps, max !== null && max < week ? max : week);
}

export function tokenNameProblem(name: string, description: string | null): string | null {
  return nameError(name, 'Name') ?? (description !== null && description.length > 255 ? 'Description is too long (maximum is 255 characters)' : null);
}

/** A fresh secret and the digest that is all the database ever sees of it. */
export function mintToken(deps: Deps): { plain: string; digest: string } {
  const plain = generateToken(deps.config.tokenPrefix);
  return { plain, digest: tokenDigest(deps.secret, plain) };
}
