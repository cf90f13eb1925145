import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffRows, highlightRows, patchCounts, patchLines } from './diff-rows.ts';

const PATCH = '@@ -1,3 +1,3 @@ function f()\n /* a\n-old */\n+new */\n const s = "<b>";\n\\ No newline at end of file\n@@ -10 +10,2 @@\n x\n+y\n';

describe('diffRows', () => {
  test('numbers each side from the hunk headers; notes keep their text', () => {
    const rows = diffRows(PATCH);
    assert.deepEqual(
      rows.map((row) => [row.kind, row.oldLine, row.newLine, row.text]),
      [
        ['hunk', null, null, '@@ -1,3 +1,3 @@ function f()'],
        ['context', 1, 1, '/* a'],
        ['removed', 2, null, 'old */'],
        ['added', null, 2, 'new */'],
        ['context', 3, 3, 'const s = "<b>";'],
        ['note', null, null, '\\ No newline at end of file'],
        ['hunk', null, null, '@@ -10 +10,2 @@'],
        ['context', 10, 10, 'x'],
        ['added', null, 11, 'y'],
      ],
    );
    assert.deepEqual(patchCounts(PATCH), { additions: 2, deletions: 1 });
    assert.equal(patchLines(PATCH), rows.length);
    assert.equal(patchLines(PATCH.slice(0, -1)), rows.length);
  });

  test('highlights each side as one text: a comment spanning rows is coloured on both, every row well-formed and escaped', () => {
    const rows = highlightRows(diffRows(PATCH), 'javascript', PATCH.length);
    const code = rows.filter((row) => row.kind !== 'hunk' && row.kind !== 'note');
    for (const row of code) {
      assert.ok(row.html !== undefined, row.text);
      assert.equal(row.html.split('<span').length, row.html.split('</span>').length, row.html);
    }
    assert.match(code.find((row) => row.kind === 'removed')!.html!, /^<span class="hljs-comment">old \*\/<\/span>$/);
    assert.match(code.find((row) => row.kind === 'added' && row.text === 'new */')!.html!, /^<span class="hljs-comment">new \*\/<\/span>$/);
    assert.match(code.find((row) => row.text.startsWith('const'))!.html!, /&lt;b&gt;/);
  });

  test('leaves rows plain for an unknown language or a large patch', () => {
    assert.equal(highlightRows(diffRows(PATCH), null, PATCH.length)[1]!.html, undefined);
    assert.equal(highlightRows(diffRows(PATCH), 'javascript', 10 * 1024 * 1024)[1]!.html, undefined);
  });
});
