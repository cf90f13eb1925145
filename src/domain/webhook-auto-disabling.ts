/**
 * GitLab's auto-disabling of failing webhooks (WebHooks::AutoDisabling, GitLab 17.11+): any failed
 * delivery (no response, or a status outside 2xx, 4xx and 5xx alike) counts. The first 3
 * consecutive failures change nothing; from the 4th the hook is temporarily disabled for 1 minute,
 * doubling with each further failure up to 1 day; the 40th consecutive failure disables it
 * permanently, until someone re-enables it (a successful test delivery does). A success resets it.
 * While disabled, failures are not counted (nothing is sent to it).
 */
export const TEMPORARILY_DISABLED_FAILURE_THRESHOLD = 3;
export const PERMANENTLY_DISABLED_FAILURE_THRESHOLD = 39;
export const INITIAL_HOOK_BACKOFF_MS = 60_000;
export const MAX_HOOK_BACKOFF_MS = 24 * 60 * 60_000;

export interface HookFailureState {
  recent_failures: number;
  backoff_count: number;
  /** ISO instant, or null. */
  disabled_until: string | null;
  /** 0 or 1 (the database's boolean). */
  permanently_disabled: number;
}

export function isPermanentlyDisabled(hook: HookFailureState): boolean {
  return hook.permanently_disabled === 1 || hook.recent_failures > PERMANENTLY_DISABLED_FAILURE_THRESHOLD;
}

/** The instant a temporarily disabled hook may be sent to again, or null when it may be now. */
export function disabledUntil(hook: HookFailureState, now: Date): Date | null {
  if (hook.disabled_until === null || hook.recent_failures <= TEMPORARILY_DISABLED_FAILURE_THRESHOLD) return null;
  const until = new Date(hook.disabled_until);
  return until.getTime() > now.getTime() ? until : null;
}

/** GitLab's `alert_status`: what the hook's page and API show. */
export function hookAlertStatus(hook: HookFailureState, now: Date): 'executable' | 'temporarily_disabled' | 'disabled' {
  if (isPermanentlyDisabled(hook)) return 'disabled';
  return disabledUntil(hook, now) ? 'temporarily_disabled' : 'executable';
}

/** The state after a failed delivery, or null when nothing changes (a disabled hook does not count failures). */
export function afterHookFailure(hook: HookFailureState, now: Date): HookFailureState | null {
  if (isPermanentlyDisabled(hook) || disabledUntil(hook, now)) return null;
  const failures = Math.min(hook.recent_failures + 1, PERMANENTLY_DISABLED_FAILURE_THRESHOLD + 1);
  if (failures > PERMANENTLY_DISABLED_FAILURE_THRESHOLD) {
    return { recent_failures: failures, backoff_count: hook.backoff_count, disabled_until: null, permanently_disabled: 1 };
  }
  if (failures <= TEMPORARILY_DISABLED_FAILURE_THRESHOLD) {
    return { ...hook, recent_failures: failures };
  }
  const backoffCount = hook.recent_failures - TEMPORARILY_DISABLED_FAILURE_THRESHOLD;
  const waitMs = Math.min(Math.max(INITIAL_HOOK_BACKOFF_MS * 2 ** backoffCount, INITIAL_HOOK_BACKOFF_MS), MAX_HOOK_BACKOFF_MS);
  return {
    recent_failures: failures,
    backoff_count: backoffCount + 1,
    disabled_until: new Date(now.getTime() + waitMs).toISOString(),
    permanently_disabled: 0,
  };
}

/** The state after a successful delivery: enabled, nothing counted. */
export const ENABLED_HOOK_STATE: HookFailureState = { recent_failures: 0, backoff_count: 0, disabled_until: null, permanently_disabled: 0 };
