import assert from 'node:assert/strict';
import { test } from 'node:test';
import { badRequest, notFound, notPermitted, rejected } from '../domain/errors.ts';
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

test('a rejected() refusal is GitLab\'s render_api_error!: the message as is, with its status, a list kept a list', () => {
  assert.deepEqual(errorResponse(rejected('Tag v1 already exists')), { status: 400, body: { message: 'Tag v1 already exists' }, headers: {} });
  assert.deepEqual(errorResponse(rejected('Release does not exist', 404)), { status: 404, body: { message: 'Release does not exist' }, headers: {} });
  assert.deepEqual(errorResponse(rejected('Ref is not specified', 422)).status, 422);
  assert.deepEqual(errorResponse(rejected(['Name has already been taken'])).body, { message: ['Name has already been taken'] });
  // Without it, the same codes keep their usual prefixes.
  assert.deepEqual(errorResponse(badRequest('nope')).body, { message: '400 Bad request - nope' });
  assert.deepEqual(errorResponse(notFound('Tag')).body, { message: '404 Tag Not Found' });
});
