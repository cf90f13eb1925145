import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { sampleErrors, sampleName } from '../../../test/helpers/error-samples.ts';
import { gitRefusal } from './git-refusal.ts';

test('gitRefusal answers every error code with a 4xx or 5xx and one line git can print', () => {
  for (const error of sampleErrors()) {
    const refusal = gitRefusal(error, false);
    const name = sampleName(error);
    assert.ok(refusal.status >= 400 && refusal.status < 600, `${name}: ${refusal.status}`);
    assert.match(refusal.text, /^[^\n]+$/, name);
    // Only a credential problem asks git for (other) credentials.
    assert.equal(refusal.challenge, refusal.status === 401, name);
  }
});

test('gitRefusal asks an anonymous caller for credentials for any refusal, but tells a ban and an outage as they are', () => {
  for (const error of sampleErrors()) {
    const refusal = gitRefusal(error, true);
    const expected = error.code === 'banned' ? 403 : error.code === 'unavailable' ? 503 : 401;
    assert.equal(refusal.status, expected, sampleName(error));
  }
  assert.equal(gitRefusal(new AppError('not_permitted', 'You are not allowed to upload code.', { action: 'push_code' }), false).text, 'You are not allowed to upload code.');
});
