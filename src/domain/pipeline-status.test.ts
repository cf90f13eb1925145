import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compositeStatus, transitionJob, type CommitStatusState } from './pipeline-status.ts';

const jobs = (...list: [CommitStatusState, boolean?][]) => list.map(([status, allowFailure]) => ({ status, allowFailure: allowFailure ?? false }));

describe('compositeStatus (a pipeline from its latest jobs, as GitLab composes it)', () => {
  test('no job: no status', () => assert.equal(compositeStatus([]), null));
  test('all success: success; success and skipped: success', () => {
    assert.equal(compositeStatus(jobs(['success'], ['success'])), 'success');
    assert.equal(compositeStatus(jobs(['success'], ['skipped'])), 'success');
  });
  test('any running: running, whatever else', () => {
    assert.equal(compositeStatus(jobs(['success'], ['running'])), 'running');
    assert.equal(compositeStatus(jobs(['failed'], ['running'])), 'running');
  });
  test('pending alone or with created/skipped: pending; pending with a finished job: running', () => {
    assert.equal(compositeStatus(jobs(['pending'], ['skipped'])), 'pending');
    assert.equal(compositeStatus(jobs(['pending'], ['success'])), 'running');
  });
  test('a failed job fails the pipeline, unless it is allowed to fail', () => {
    assert.equal(compositeStatus(jobs(['success'], ['failed'])), 'failed');
    assert.equal(compositeStatus(jobs(['success'], ['failed', true])), 'success');
    assert.equal(compositeStatus(jobs(['canceled', true])), 'success');
  });
  test('canceled with success: canceled; only skipped: skipped', () => {
    assert.equal(compositeStatus(jobs(['success'], ['canceled'])), 'canceled');
    assert.equal(compositeStatus(jobs(['skipped'], ['skipped'])), 'skipped');
  });
  test('failed beside canceled: failed', () => assert.equal(compositeStatus(jobs(['failed'], ['canceled'])), 'failed'));
});

describe('transitionJob (GitLab\'s commit status state machine)', () => {
  test('a new job takes any posted state', () => {
    for (const to of ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'] as const) assert.deepEqual(transitionJob('created', to), { ok: true });
  });
  test('pending moves on to running, success, failed, canceled', () => {
    for (const to of ['running', 'success', 'failed', 'canceled'] as const) assert.deepEqual(transitionJob('pending', to), { ok: true });
  });
  test('the same state twice is refused in GitLab\'s words', () => {
    assert.deepEqual(transitionJob('pending', 'pending'), {
      ok: false,
      message: 'Cannot transition status via :enqueue from :pending (Reason(s): Status cannot transition via "enqueue")',
    });
    assert.deepEqual(transitionJob('running', 'running'), { ok: false, message: 'Cannot transition status via :run from :running (Reason(s): Status cannot transition via "run")' });
  });
  test('a running job cannot go back to pending nor be skipped', () => {
    assert.equal(transitionJob('running', 'pending').ok, false);
    assert.equal(transitionJob('running', 'skipped').ok, false);
  });
});
