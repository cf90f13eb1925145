import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../domain/errors.ts';
import { Params } from './params.ts';

const invalid = (name: string) => (error: unknown) =>
  error instanceof AppError && error.code === 'validation' && error.message === `${name} is invalid`;

describe('Params.boolean reads booleans as GitLab (Grape) coerces them', () => {
  const truthy = ['true', 'True', 'TRUE', 't', 'T', '1', 'yes', 'Yes', 'YES', 'y', 'Y', 'on', 'On', 'ON'];
  const falsy = ['false', 'False', 'FALSE', 'f', 'F', '0', 'no', 'No', 'NO', 'n', 'N', 'off', 'Off', 'OFF'];

  for (const word of truthy) {
    test(`"${word}" in the query is true`, () => assert.equal(new Params({ owned: word }).boolean('owned'), true));
  }
  for (const word of falsy) {
    test(`"${word}" in the query is false`, () => assert.equal(new Params({ owned: word }).boolean('owned'), false));
  }

  test('JSON booleans and the numbers 1 and 0 are themselves', () => {
    assert.equal(new Params({}, { owned: true }).boolean('owned'), true);
    assert.equal(new Params({}, { owned: false }).boolean('owned'), false);
    assert.equal(new Params({}, { owned: 1 }).boolean('owned'), true);
    assert.equal(new Params({}, { owned: 0 }).boolean('owned'), false);
  });

  test('absent, null and empty are "not given"', () => {
    assert.equal(new Params({}).boolean('owned'), undefined);
    assert.equal(new Params({ owned: null }).boolean('owned'), undefined);
    assert.equal(new Params({ owned: '' }).boolean('owned'), undefined);
  });

  for (const value of ['tRuE', 'yess', ' true', 'true ', '2', '-1', 'null', 'none', 'ja', 2, 0.5, ['true'], { value: true }]) {
    test(`${JSON.stringify(value)} is refused with "owned is invalid"`, () => {
      assert.throws(() => new Params({ owned: value }).boolean('owned'), invalid('owned'));
    });
  }
});
