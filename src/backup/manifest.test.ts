import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOST_KEY_FILE } from '../ssh/host-key.ts';
import { INSTANCE_FILES, memberKind } from './manifest.ts';
import { foreignKeyOrder } from './table-order.ts';

test('memberKind accepts only the names a Latchkey archive holds', () => {
  assert.equal(memberKind('manifest.json'), 'manifest');
  assert.equal(memberKind('database/007-users.ndjson'), 'table');
  assert.equal(memberKind('repositories/42.bundle'), 'bundle');
  assert.equal(memberKind('instance/secret'), 'instance');
  assert.equal(memberKind('registry-storage/docker/registry/v2/blobs/sha256/ab/abcd/data'), 'registry');
  for (const hostile of [
    '../secret',
    '/etc/passwd',
    'registry-storage/../secret',
    'registry-storage/a/../../b',
    'registry-storage/',
    'registry-storage/a//b',
    'registry-storage/.hidden',
    'repositories/0.bundle',
    'repositories/../1.bundle',
    'database/1-users.ndjson',
    'database/001-Users.ndjson',
    'instance/other',
    'notes.txt',
    '',
  ]) {
    assert.equal(memberKind(hostile), null, hostile);
  }
});

test('the archived SSH host key is the file the SSH server reads', () => {
  assert.equal(INSTANCE_FILES[`instance/${HOST_KEY_FILE}`], HOST_KEY_FILE);
});

test('foreignKeyOrder puts each table after the tables it refers to, and refuses a cycle', () => {
  assert.deepEqual(
    foreignKeyOrder(['notes', 'issues', 'users', 'projects'], [
      { child: 'notes', parent: 'issues' },
      { child: 'issues', parent: 'projects' },
      { child: 'issues', parent: 'users' },
      { child: 'users', parent: 'users' },
    ]),
    ['projects', 'users', 'issues', 'notes'],
  );
  assert.throws(() => foreignKeyOrder(['a', 'b'], [{ child: 'a', parent: 'b' }, { child: 'b', parent: 'a' }]), /cycle/);
});
