import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGitProjectPath } from './project-path.ts';

test('parseGitProjectPath takes ssh://, scp-style and HTTP forms to namespace/project', () => {
  for (const raw of ['/ns/proj.git', 'ns/proj.git', 'ns/proj', '/ns/proj/', 'ns/proj.git/']) {
    assert.equal(parseGitProjectPath(raw), 'ns/proj', raw);
  }
  assert.equal(parseGitProjectPath('My_Group/my.project-2.git'), 'My_Group/my.project-2');
});

test('parseGitProjectPath refuses anything else', () => {
  for (const raw of ['', '/', 'ns', 'ns/', '/ns/proj/extra.git', '../ns/proj', 'ns/..', 'ns/a..b', '-ns/proj', 'ns/-proj', 'ns/.proj', 'ns/proj.', 'n s/proj', 'ns/pr;oj', 'ns//proj', `ns/${'a'.repeat(600)}`]) {
    assert.equal(parseGitProjectPath(raw), null, raw);
  }
});
