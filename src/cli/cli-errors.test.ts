import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleErrors, sampleName } from '../../test/helpers/error-samples.ts';
import { cliFailure } from './cli-errors.ts';

test('cliFailure ends a command on every error code with a failing exit code and a reason', () => {
  for (const error of sampleErrors()) {
    const { exit, reason } = cliFailure(error);
    const name = sampleName(error);
    // 64 (usage) and 78 (configuration) say something else; 0 would be success.
    assert.ok(exit > 0 && exit < 126 && exit !== 64 && exit !== 78, `${name}: ${exit}`);
    assert.ok(reason.length > 0 && !reason.includes('\n'), name);
  }
});

test('cliFailure prints field errors by field, as JSON', () => {
  const fieldErrors = sampleErrors().find((error) => error.code === 'field_errors')!;
  assert.deepEqual(cliFailure(fieldErrors), { exit: 1, reason: '{"name":["can\'t be blank"]}' });
});
