import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderMarkdown, resolveRelative } from './markdown.ts';

const LINKS = { linkBase: '/root/demo/-/blob/main/docs/', imageBase: '/root/demo/-/raw/main/docs/' };

describe('renderMarkdown', () => {
  test('renders CommonMark with tables, code and autolinks', () => {
    const html = renderMarkdown('# Title\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n```js\nconst x = 1;\n```\n\nSee https://example.com');
    assert.match(html, /<h1>Title<\/h1>/);
    assert.match(html, /<table>/);
    assert.match(html, /<td style="text-align:right">2<\/td>/);
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
    assert.match(html, /<a href="https:\/\/example.com" rel="nofollow noreferrer noopener">https:\/\/example.com<\/a>/);
  });

  test('shows raw HTML as text, never as markup', () => {
    for (const hostile of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<svg onload=alert(1)><circle/></svg>',
      '<a href="javascript:alert(1)">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<div style="background:url(javascript:alert(1))">x</div>',
    ]) {
      const html = renderMarkdown(`before ${hostile} after`);
      assert.doesNotMatch(html, /<(script|img|svg|iframe|div)\b|<a href="javascript/i, hostile);
      assert.match(html, /&lt;/, hostile);
    }
  });

  test('drops links and images to javascript:, vbscript:, data: and file: URLs', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\u0000script:alert(1)', 'vbscript:msgbox(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'file:///etc/passwd', '&#106;avascript:alert(1)']) {
      const html = renderMarkdown(`[click](${url}) ![pic](${url})`);
      assert.doesNotMatch(html, /(href|src)="\s*(javascript|vbscript|data|file):/i, url);
    }
  });

  test('keeps attributes out of links and images', () => {
    const html = renderMarkdown('[x](https://example.com "t\\" onmouseover=\\"alert(1)") ![y](https://example.com/a.png "a\\" onerror=\\"x")');
    assert.doesNotMatch(html, /" on\w+=/);
    assert.match(html, /title="t&quot; onmouseover=&quot;alert\(1\)"/);
  });

  test('resolves relative links and images inside the repository at the viewed ref', () => {
    const html = renderMarkdown('[guide](guide.md) [up](../LICENSE) [abs](/other/project) [anchor](#usage) ![logo](img/logo.png)', LINKS);
    assert.match(html, /href="\/root\/demo\/-\/blob\/main\/docs\/guide.md"/);
    assert.match(html, /href="\/root\/demo\/-\/blob\/main\/LICENSE"/);
    assert.match(html, /href="\/other\/project"/);
    assert.match(html, /href="#usage"/);
    assert.match(html, /src="\/root\/demo\/-\/raw\/main\/docs\/img\/logo.png"/);
  });
});

test('a text rendered again at another ref resolves its links there (kept renders are keyed by their links too)', () => {
  const source = '[guide](guide.md)';
  assert.match(renderMarkdown(source, LINKS), /href="\/root\/demo\/-\/blob\/main\/docs\/guide.md"/);
  const other = { linkBase: '/root/demo/-/blob/v1/docs/', imageBase: '/root/demo/-/raw/v1/docs/' };
  assert.match(renderMarkdown(source, other), /href="\/root\/demo\/-\/blob\/v1\/docs\/guide.md"/);
  assert.match(renderMarkdown(source), /href="guide.md"/);
});

describe('resolveRelative', () => {
  test('leaves absolute and protocol-relative URLs alone and never leaves the site', () => {
    assert.equal(resolveRelative('https://example.com/x', '/a/b/'), 'https://example.com/x');
    assert.equal(resolveRelative('//evil.example/x', '/a/b/'), '//evil.example/x');
    assert.equal(resolveRelative('x y.md', '/a/b/'), '/a/b/x%20y.md');
  });
});
