import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notPermitted } from '../domain/errors.ts';
import { sampleErrors, sampleName } from '../../test/helpers/error-samples.ts';
import { GIT_PROJECT_NOT_FOUND } from '../services/repository/authorize-git-access.ts';
import { sshRefusal } from './ssh-refusal.ts';

test('sshRefusal gives every error code one non-empty line for `remote: <line>`', () => {
  for (const error of sampleErrors()) {
    assert.match(sshRefusal(error), /^[^\n]+$/, sampleName(error));
  }
});

test('sshRefusal says what the service refused, and hides whether a project exists', () => {
  assert.equal(sshRefusal(notPermitted('push_code', 'You are not allowed to upload code.')), 'You are not allowed to upload code.');
  assert.equal(sshRefusal(sampleErrors().find((error) => error.code === 'not_found')!), GIT_PROJECT_NOT_FOUND);
});
