import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notPermitted } from '../../domain/errors.ts';
import { sampleErrors, sampleName } from '../../../test/helpers/error-samples.ts';
import { NO_PERMISSION, WEB_ERRORS } from './web-errors.ts';

test('WEB_ERRORS gives every error code a page, and a form answer with a 4xx and a message where a form shows it', () => {
  for (const error of sampleErrors()) {
    const { page, form } = WEB_ERRORS[error.code];
    const name = sampleName(error);
    assert.ok(['not_found', 'sign_in', 'access_denied', 'unavailable', 'refused'].includes(page), `${name}: ${page}`);
    if (form === null) continue;
    const shown = form(error);
    assert.ok(shown.status >= 400 && shown.status < 500, `${name}: ${shown.status}`);
    assert.ok(shown.message.length > 0, name);
  }
});

test('a refusal on a form has the API\'s status for it: the service\'s reason where GitLab answers 400, else 403', () => {
  const form = WEB_ERRORS.not_permitted.form!;
  assert.deepEqual(form(notPermitted('revoke_personal_access_token', 'Not permitted to revoke')), { status: 400, message: 'Not permitted to revoke' });
  assert.deepEqual(form(notPermitted('remove_member')), { status: 403, message: NO_PERMISSION });
});
