import { addDays, isValidDate, utcDate } from '../domain/clock.ts';
import { badRequest, invalidParam } from '../domain/errors.ts';
import { generateToken, tokenDigest } from '../domain/token-format.ts';
import { nameError } from '../domain/names.ts';
import type { Deps } from '../deps.ts';

/**
 * The expiry a new token gets: refused when today or earlier (dead on arrival) or beyond the
 * instance's maximum lifetime; defaulted to the maximum when the instance requires one.
 */
export function resolveExpiry(deps: Deps, requested: string | null): string | null {
  const today = utcDate(deps.clock.now());
  const { maxTokenLifetimeDays, requireTokenExpiry } = deps.config;
  const max = maxTokenLifetimeDays === null ? null : addDays(today, maxTokenLifetimeDays);
  if (requested === null) {
    if (max !== null) return max;
    if (requireTokenExpiry) throw badRequest('Expires at is required');
    return null;
  }
  if (!isValidDate(requested)) throw invalidParam('expires_at is invalid');
  if (requested <= today) {
    throw badRequest(`Expires at must be in the future: a token expires at 00:00 UTC on its expiry date, so ${requested} is already past`);
  }
  if (max !== null && requested > max) throw badRequest(`Expires at must be before ${addDays(max, 1)}`);
  return requested;
}

export function tokenNameProblem(name: string, description: string | null): string | null {
  return nameError(name, 'Name') ?? (description !== null && description.length > 255 ? 'Description is too long (maximum is 255 characters)' : null);
}

/** A fresh secret and the digest that is all the database ever sees of it. */
export function mintToken(deps: Deps): { plain: string; digest: string } {
  const plain = generateToken(deps.config.tokenPrefix);
  return { plain, digest: tokenDigest(deps.secret, plain) };
}
