import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { highlightLines, languageOfPath } from './highlight.ts';

describe('highlightLines', () => {
  test('gives one well-formed line per source line, spans reopened across line ends', () => {
    const lines = highlightLines('/* one\ntwo */\nconst a = "<b>";\n', 'javascript');
    assert.equal(lines.length, 3);
    for (const line of lines) assert.equal(line.split('<span').length, line.split('</span>').length, line);
    assert.match(lines[1]!, /^<span class="hljs-comment">two \*\/<\/span>$/);
    assert.match(lines[2]!, /&lt;b&gt;/);
  });

  test('escapes a file of an unknown language', () => {
    assert.deepEqual(highlightLines('<script>x</script>\n&', null), ['&lt;script&gt;x&lt;/script&gt;', '&amp;']);
  });
});

describe('languageOfPath', () => {
  test('knows common extensions and special file names', () => {
    assert.equal(languageOfPath('src/app.ts'), 'ts');
    assert.equal(languageOfPath('a/b/Dockerfile'), 'dockerfile');
    assert.equal(languageOfPath('x.tsx'), 'typescript');
    assert.equal(languageOfPath('README'), null);
    assert.equal(languageOfPath('data.unknownext'), null);
  });
});
