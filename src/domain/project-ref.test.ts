import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseId } from './ids.ts';
import { formatProjectPath, fullPathOf, imageRepositoryCandidates, parseGitProjectPath, parseProjectRef } from './project-ref.ts';

const path = (namespace: string, project: string) => ({ namespace, project });

describe('parseId', () => {
  test('reads digits as an id, leading zeros included', () => {
    assert.equal(parseId('42'), 42);
    assert.equal(parseId('0042'), 42);
    assert.equal(parseId(`${'0'.repeat(30)}7`), 7);
    assert.equal(parseId('2147483647'), 2147483647);
  });

  test('names nothing for what no id column holds or is not digits only', () => {
    for (const raw of ['', '0', '000', '2147483648', '9'.repeat(16), '9'.repeat(400), '-1', '+1', '1e3', '0x10', ' 42', '42 ', '4 2', '4.0', '４２', '٤٢']) {
      assert.equal(parseId(raw), null, JSON.stringify(raw));
    }
  });
});

describe('parseProjectRef', () => {
  test('takes a number or a string of digits as an id', () => {
    assert.deepEqual(parseProjectRef(42), { id: 42 });
    assert.deepEqual(parseProjectRef('42'), { id: 42 });
    assert.deepEqual(parseProjectRef('007'), { id: 7 });
  });

  test('takes namespace/project as a full path, as it was created', () => {
    assert.deepEqual(parseProjectRef('root/demo'), path('root', 'demo'));
    assert.deepEqual(parseProjectRef('My_Group/my.project-2'), path('My_Group', 'my.project-2'));
    // A segment of digits is a path segment, not an id.
    assert.deepEqual(parseProjectRef('123/456'), path('123', '456'));
  });

  test('takes group/subgroup/project as a project in a subgroup, up to 20 groups deep', () => {
    assert.deepEqual(parseProjectRef('team/backend/api'), path('team/backend', 'api'));
    const deepest = [...Array.from({ length: 20 }, (_, i) => `g${i}`), 'p'].join('/');
    assert.deepEqual(parseProjectRef(deepest), path(deepest.slice(0, -2), 'p'));
    assert.equal(parseProjectRef(`${deepest.slice(0, -2)}/g20/p`), null);
  });

  test('names nothing for ids no column holds (0, 16 digits, negative, fractions)', () => {
    for (const ref of [0, -1, 1.5, 2147483648, Number.NaN, '0', '2147483648', '1234567890123456', '-1', '1.0']) {
      assert.equal(parseProjectRef(ref), null, String(ref));
    }
  });

  test('names nothing for empty segments, trailing slashes, dot segments, still-encoded or over-long input', () => {
    for (const ref of [
      '',
      '/',
      'root',
      'root/',
      '/demo',
      'root//demo',
      'root/demo/',
      '/root/demo',
      'root/..',
      '../demo',
      'root/./demo',
      'root/a..b',
      'root%2Fdemo', // decoded once by the router: a second encoding stays literal
      'root/demo%20x',
      'root/demo.git',
      'root/-demo',
      'root/demo.',
      'ro ot/demo',
      'root/de\u0000mo',
      'root/démo',
      `root/${'a'.repeat(256)}`,
      `${'a'.repeat(255)}/${'b'.repeat(255)}x`,
      'x'.repeat(10_000),
    ]) {
      assert.equal(parseProjectRef(ref), null, JSON.stringify(ref.slice(0, 40)));
    }
  });

  test('formats back to the string it parsed', () => {
    const parsed = parseProjectRef('root/demo');
    assert.ok(parsed && 'namespace' in parsed);
    assert.equal(formatProjectPath(parsed), 'root/demo');
    assert.equal(fullPathOf({ namespace: { path: 'root' }, project: { path: 'demo' } }), 'root/demo');
  });
});

describe('parseGitProjectPath', () => {
  test('takes ssh://, scp-style and HTTP forms to namespace/project', () => {
    for (const raw of ['/ns/proj.git', 'ns/proj.git', 'ns/proj', '/ns/proj/', 'ns/proj.git/']) {
      assert.deepEqual(parseGitProjectPath(raw), path('ns', 'proj'), raw);
    }
    assert.deepEqual(parseGitProjectPath('My_Group/my.project-2.git'), path('My_Group', 'my.project-2'));
    assert.deepEqual(parseGitProjectPath('/team/backend/api.git'), path('team/backend', 'api'));
  });

  test('refuses anything else', () => {
    for (const raw of ['', '/', 'ns', 'ns/', '../ns/proj', 'ns/..', 'ns/a..b', '-ns/proj', 'ns/-proj', 'ns/.proj', 'ns/proj.', 'n s/proj', 'ns/pr;oj', 'ns//proj', 'ns/proj.git.git', 'ns/proj//', '//ns/proj', 'ns%2Fproj', `ns/${'a'.repeat(600)}`]) {
      assert.equal(parseGitProjectPath(raw), null, raw);
    }
  });
});

describe('imageRepositoryCandidates', () => {
  const split = (name: string) => imageRepositoryCandidates(name).map(({ project, image }) => [formatProjectPath(project), image]);

  test('the whole name, then without its last one or two components, the longest project path first', () => {
    assert.deepEqual(split('root/demo'), [['root/demo', '']]);
    assert.deepEqual(split('root/demo/app'), [['root/demo/app', ''], ['root/demo', 'app']]);
    assert.deepEqual(split('group/sub/project/app/web'), [
      ['group/sub/project/app/web', ''],
      ['group/sub/project/app', 'web'],
      ['group/sub/project', 'app/web'],
    ]);
  });

  test('an image name is at most two components below its project: a deeper one has no project in reach', () => {
    assert.deepEqual(split('root/demo/a/b/c').map(([project]) => project), ['root/demo/a/b/c', 'root/demo/a/b', 'root/demo/a']);
  });

  test('names no project for one component, empty components or a project path no project can have', () => {
    for (const name of ['', 'root', 'root/', '/demo', 'root//app', 'root/../app', 'root/demo.git/app', `root/${'a'.repeat(300)}/app`]) {
      assert.deepEqual(imageRepositoryCandidates(name), [], name);
    }
    assert.equal(split(`${Array.from({ length: 23 }, (_, i) => `g${i}`).join('/')}/app`).length, 0);
  });
});
