import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterHookFailure, ENABLED_HOOK_STATE, hookAlertStatus, type HookFailureState } from './webhook-auto-disabling.ts';

const MINUTE = 60_000;

test("GitLab's auto-disabling: 3 failures are tolerated, then 1, 2, 4 … minutes up to a day, and the 40th failure disables for good", () => {
  let now = new Date('2026-12-01T00:00:00.000Z');
  let state: HookFailureState = ENABLED_HOOK_STATE;
  const waits: number[] = [];
  for (let failure = 1; failure <= 40; failure++) {
    const next = afterHookFailure(state, now);
    assert.ok(next, `failure ${failure} counts`);
    state = next;
    if (failure <= 3) {
      assert.equal(state.disabled_until, null);
      assert.equal(hookAlertStatus(state, now), 'executable');
    } else if (failure < 40) {
      const wait = Date.parse(state.disabled_until!) - now.getTime();
      waits.push(wait / MINUTE);
      assert.equal(hookAlertStatus(state, now), 'temporarily_disabled');
      assert.equal(afterHookFailure(state, now), null, 'a failure while disabled does not count');
      now = new Date(Date.parse(state.disabled_until!));
      assert.equal(hookAlertStatus(state, now), 'executable', 'sendable again when the wait is over');
    }
  }
  assert.deepEqual(waits.slice(0, 12), [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1440]);
  assert.ok(waits.slice(11).every((wait) => wait === 1440));
  assert.equal(state.permanently_disabled, 1);
  assert.equal(hookAlertStatus(state, now), 'disabled');
  assert.equal(afterHookFailure(state, now), null);
});
