/**
 * A project's `last_activity_at` follows its events once an hour at most, as GitLab's does
 * (`Event::RESET_PROJECT_ACTIVITY_INTERVAL`): an event moves it only when it is an hour old or
 * more. Busy projects then write their row once an hour, not once per note, and a note leaves
 * every node's cached copy of the project in place.
 */
export const PROJECT_ACTIVITY_INTERVAL_MS = 60 * 60 * 1000;

/** The `last_activity_at` at or before which an event at `at` moves it (ISO-8601 UTC, as stored). */
export function activityMovesFrom(at: string): string {
  return new Date(Date.parse(at) - PROJECT_ACTIVITY_INTERVAL_MS).toISOString();
}
