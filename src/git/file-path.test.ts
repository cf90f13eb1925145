import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isGitFilePath } from './file-path.ts';

describe('isGitFilePath', () => {
  test('accepts relative paths inside a tree', () => {
    for (const path of ['README.md', 'src/main.ts', 'a b/c d.txt', '.gitignore', 'docs/.github/x', 'x..y', '...', 'dir/.git-keep', 'back\\slash', 'ünïcode/файл']) {
      assert.equal(isGitFilePath(path), true, path);
    }
  });

  test('refuses traversal, absolute paths, .git, empty components and control characters', () => {
    for (const path of ['', '..', '../config', 'a/../../config', 'a/..', '.', './x', 'a/./b', '/etc/passwd', '//x', 'a//b', 'a/', '.git', '.git/config', 'a/.GIT/config', 'x/.Git', 'a\u0000b', 'a\nb', 'a\rb', 'a\u007fb', 'x'.repeat(4097)]) {
      assert.equal(isGitFilePath(path), false, JSON.stringify(path.slice(0, 40)));
    }
  });
});
