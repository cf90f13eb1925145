import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notPermitted } from '../domain/errors.ts';
import { sampleErrors, sampleName } from '../../test/helpers/error-samples.ts';
import { errorResponse } from './error-response.ts';

test('errorResponse answers every error code and denied action with a 4xx or 5xx and a GitLab-shaped body', () => {
  for (const error of sampleErrors()) {
    const { status, body, headers } = errorResponse(error);
    const name = sampleName(error);
    assert.ok(status >= 400 && status < 600, `${name}: ${status}`);
    assert.equal(typeof body, 'object', name);
    const keys = Object.keys(body as object);
    // GitLab's bodies: {message}, {error}, or OAuth's {error, error_description[, scope]}.
    assert.ok(keys.includes('message') || keys.includes('error'), `${name}: ${JSON.stringify(body)}`);
    if (status === 401) assert.match(headers['www-authenticate'] ?? '', /^Bearer realm=/, name);
    if (status === 503) assert.ok(headers['retry-after'], name);
  }
});

test('a refusal is answered as GitLab answers that route, whatever the message', () => {
  assert.deepEqual(errorResponse(notPermitted('delete_project')).body, { message: '403 Forbidden' });
  assert.deepEqual(errorResponse(notPermitted('revoke_personal_access_token', 'Not permitted to revoke')), {
    status: 400,
    body: { message: '400 Bad request' },
    headers: {},
  });
  assert.deepEqual(errorResponse(notPermitted('create_project_access_token', 'User does not have permission to create project access token')).body, {
    message: '400 Bad request - User does not have permission to create project access token',
  });
  assert.equal(errorResponse(notPermitted('read_project_access_tokens')).status, 401);
  assert.equal(errorResponse(notPermitted('rotate_personal_token_as_project_token')).status, 405);
});
