import { MAX_GRACE_PERIOD_MINUTES } from '../../../domain/active-token.ts';
import type { Params } from '../../params.ts';

/** A rotate route's `grace_period_minutes`: a whole number from 0 (the default) to 1440. */
export function gracePeriodParam(params: Params): number {
  return params.integer('grace_period_minutes', { min: 0, max: MAX_GRACE_PERIOD_MINUTES }) ?? 0;
}

/** What every rotate route takes: the successor's `expires_at` and the old token's `grace_period_minutes`. */
export function rotationParams(params: Params): { expiresAt: string | null; graceMinutes: number } {
  return { expiresAt: params.date('expires_at') ?? null, graceMinutes: gracePeriodParam(params) };
}
