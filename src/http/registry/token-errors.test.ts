import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleErrors, sampleName } from '../../../test/helpers/error-samples.ts';
import { tokenEndpointError } from './token-errors.ts';

// The error codes of the registry's error format a Docker client understands.
const REGISTRY_CODES = new Set(['UNAUTHORIZED', 'DENIED', 'UNAVAILABLE', 'INVALID_SCOPE']);

test('tokenEndpointError answers every error code with a 4xx or 5xx in the registry error format', () => {
  for (const error of sampleErrors()) {
    const { status, body } = tokenEndpointError(error);
    const name = sampleName(error);
    assert.ok(status >= 400 && status < 600, `${name}: ${status}`);
    assert.equal(body.errors.length, 1, name);
    assert.ok(REGISTRY_CODES.has(body.errors[0]!.code), `${name}: ${body.errors[0]!.code}`);
    assert.ok(body.errors[0]!.message.length > 0, name);
    if (status === 401) assert.equal(body.errors[0]!.code, 'UNAUTHORIZED', name);
  }
});
