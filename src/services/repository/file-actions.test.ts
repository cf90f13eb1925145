import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import type { TreeEntry } from '../../git/tree-entries.ts';
import { DIRECTORY_EXISTS, FILE_EXISTS, FILE_MISSING, indexChangesFor, pathsTouched, type FileAction } from './file-actions.ts';

const blob = (path: string, id: string, mode = '100644'): [string, TreeEntry] => [path, { path, id, mode, type: 'blob' }];
const tree = (path: string): [string, TreeEntry] => [path, { path, id: `tree-${path}`, mode: '040000', type: 'tree' }];
const base = new Map([blob('README.md', 'r'), tree('docs'), blob('docs/a.md', 'a'), blob('run.sh', 's', '100755')]);
const blobs = (index: number) => `new-${index}`;

const refusal = (actions: FileAction[]) => {
  try {
    indexChangesFor(actions, base, blobs);
  } catch (error) {
    assert.ok(error instanceof AppError && error.details.verbatim, String(error));
    return error.message;
  }
  return null;
};

describe('indexChangesFor', () => {
  test('applies the actions in order, keeping modes unless execute_filemode says otherwise', () => {
    const changes = indexChangesFor(
      [
        { action: 'create', filePath: 'new/x', content: Buffer.from('x') },
        { action: 'update', filePath: 'run.sh', content: Buffer.from('y') },
        { action: 'move', filePath: 'docs/b.md', previousPath: 'docs/a.md' },
        { action: 'chmod', filePath: 'README.md', executeFilemode: true },
        { action: 'delete', filePath: 'new/x' },
      ],
      base,
      (index) => (index === 2 ? undefined : blobs(index)),
    );
    assert.deepEqual(changes, [
      { path: 'new/x', entry: null },
      { path: 'run.sh', entry: { mode: '100755', id: 'new-1' } },
      { path: 'docs/a.md', entry: null },
      { path: 'docs/b.md', entry: { mode: '100644', id: 'a' } },
      { path: 'README.md', entry: { mode: '100755', id: 'r' } },
    ]);
  });

  test("refuses with GitLab's messages: existing files and directories, files under files, missing files", () => {
    assert.equal(refusal([{ action: 'create', filePath: 'README.md' }]), FILE_EXISTS);
    assert.equal(refusal([{ action: 'create', filePath: 'docs' }]), DIRECTORY_EXISTS);
    assert.equal(refusal([{ action: 'create', filePath: 'README.md/x' }]), FILE_EXISTS);
    assert.equal(refusal([{ action: 'create', filePath: 'a/b' }, { action: 'create', filePath: 'a' }]), DIRECTORY_EXISTS);
    assert.equal(refusal([{ action: 'update', filePath: 'docs', content: Buffer.from('') }]), FILE_MISSING);
    assert.equal(refusal([{ action: 'delete', filePath: 'README.md' }, { action: 'delete', filePath: 'README.md' }]), FILE_MISSING);
    assert.equal(refusal([{ action: 'move', filePath: 'run.sh', previousPath: 'README.md' }]), FILE_EXISTS);
    assert.equal(refusal([{ action: 'chmod', filePath: 'nope', executeFilemode: true }]), FILE_MISSING);
    assert.equal(refusal([{ action: 'delete', filePath: 'README.md' }, { action: 'create', filePath: 'README.md' }]), null, 'a deleted name is free again');
  });

  test('pathsTouched: the files, where moves came from, and the directories above new files', () => {
    assert.deepEqual(pathsTouched([{ action: 'create', filePath: 'a/b/c' }, { action: 'move', filePath: 'x', previousPath: 'd/e' }, { action: 'delete', filePath: 'f/g' }]).sort(), [
      'a',
      'a/b',
      'a/b/c',
      'd/e',
      'f/g',
      'x',
    ]);
  });
});
