import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSshGitCommand } from './git-command.ts';

test('parseSshGitCommand accepts the three git services with one path, ssh:// (leading /) or scp-style', () => {
  assert.deepEqual(parseSshGitCommand("git-upload-pack '/group/project.git'"), { ok: true, service: 'git-upload-pack', projectPath: 'group/project' });
  assert.deepEqual(parseSshGitCommand("git-receive-pack 'group/project.git'"), { ok: true, service: 'git-receive-pack', projectPath: 'group/project' });
  assert.deepEqual(parseSshGitCommand('git-upload-archive group/project'), { ok: true, service: 'git-upload-archive', projectPath: 'group/project' });
  assert.deepEqual(parseSshGitCommand("git upload-pack '/a.b/c_d-e.git/'"), { ok: true, service: 'git-upload-pack', projectPath: 'a.b/c_d-e' });
  // A project in subgroups: up to 20 groups deep, as GitLab allows.
  assert.deepEqual(parseSshGitCommand("git-upload-pack 'team/backend/api.git'"), { ok: true, service: 'git-upload-pack', projectPath: 'team/backend/api' });
  const deepest = Array.from({ length: 21 }, (_, i) => `g${i}`).join('/');
  assert.deepEqual(parseSshGitCommand(`git-receive-pack '${deepest}.git'`), { ok: true, service: 'git-receive-pack', projectPath: deepest });
});

test('parseSshGitCommand refuses other commands', () => {
  for (const command of ['', 'ls', 'sh', 'git-upload-pack', 'git-upload-packx /a/b', 'git-shell -c "git-upload-pack a/b"', 'git receive-pack', 'scp -t .', 'rsync --server']) {
    assert.deepEqual(parseSshGitCommand(command), { ok: false, reason: 'not_git' }, command);
  }
});

test('parseSshGitCommand refuses options, extra arguments, "..", metacharacters and odd quoting', () => {
  for (const command of [
    "git-upload-pack '--upload-pack=touch /tmp/x'",
    'git-upload-pack --help',
    "git-upload-pack '-a/b'",
    "git-upload-pack 'a/b.git' 'c/d.git'",
    'git-upload-pack a/b.git --strict',
    "git-upload-pack '../a/b.git'",
    "git-upload-pack '/a/../b.git'",
    "git-upload-pack 'a/b/..'",
    "git-upload-pack 'a/..'",
    "git-upload-pack 'a/b.git'; id",
    "git-upload-pack 'a/b.git' | id",
    "git-upload-pack '$(id)/b'",
    'git-upload-pack `id`/b',
    "git-upload-pack 'a/b\n'",
    "git-upload-pack \"a/b\"",
    "git-upload-pack 'a/b",
    "git-upload-pack ''",
    "git-upload-pack 'a'",
    `git-upload-pack '${Array.from({ length: 22 }, (_, i) => `g${i}`).join('/')}'`,
    "git-upload-pack '/a//b'",
    "git-upload-pack 'a/b.'",
    `git-upload-pack '${'a'.repeat(2000)}/b'`,
  ]) {
    assert.equal(parseSshGitCommand(command).ok, false, command);
  }
});
