import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { searchRefs } from './tag-search.ts';

const refs = ['v1.0.0', 'v1.1.0-rc1', 'V1.1.0', 'release/v2', 'v1', 'old-v1'].map((name) => ({ name }));
const names = (search: string) => searchRefs(refs, search).map((ref) => ref.name);

describe('searchRefs', () => {
  test('a plain term matches anywhere, case-insensitive, with the exact match first', () => {
    assert.deepEqual(names('V1'), ['v1', 'v1.0.0', 'v1.1.0-rc1', 'V1.1.0', 'old-v1']);
    assert.deepEqual(names('/V'), ['release/v2']);
    assert.deepEqual(names('nothing'), []);
  });

  test('^ anchors the start, $ the end, * matches any run', () => {
    assert.deepEqual(names('^v1.1'), ['v1.1.0-rc1', 'V1.1.0']);
    assert.deepEqual(names('-rc1$'), ['v1.1.0-rc1']);
    assert.deepEqual(names('^v1$'), ['v1']);
    assert.deepEqual(names('^release/*2$'), ['release/v2']);
    assert.deepEqual(names('v*-rc'), ['v1.1.0-rc1']);
    assert.deepEqual(names('^v*0$'), ['v1.0.0', 'V1.1.0']);
  });

  test('regular-expression characters are plain text, and a long run of * stays fast', () => {
    assert.deepEqual(names('v1.0.0'), ['v1.0.0']);
    assert.deepEqual(names('v1?'), []);
    const long = [{ name: 'a'.repeat(255) }];
    const started = Date.now();
    assert.deepEqual(searchRefs(long, `${'a*'.repeat(100)}b`), []);
    assert.ok(Date.now() - started < 100);
  });
});
