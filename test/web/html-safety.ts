import assert from 'node:assert/strict';

/** Every start tag of a page with its attributes (preact quotes every value and escapes `"` inside). */
function startTags(html: string): Array<{ name: string; attributes: Map<string, string> }> {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s="'>/]+(?:="[^"]*")?)*)\s*\/?>/g)].map((tag) => ({
    name: tag[1]!.toLowerCase(),
    attributes: new Map([...tag[2]!.matchAll(/\s+([^\s="'>/]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!.toLowerCase(), a[2] ?? ''])),
  }));
}

const decode = (value: string) => value.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/**
 * What a page shows from users' text stays text: the only script is Latchkey's own file, no
 * element carries an event handler, and no link or image goes to a `javascript:`/`data:` URL.
 */
export function assertNoActiveContent(html: string): void {
  for (const { name, attributes } of startTags(html)) {
    if (name === 'script') assert.match(attributes.get('src') ?? '', /^\/-\/assets\/latchkey\.js(\?|$)/, 'a script other than latchkey.js');
    assert.ok(!['iframe', 'object', 'embed', 'svg', 'style', 'base'].includes(name), `<${name}> on the page`);
    for (const [attribute, value] of attributes) {
      assert.ok(!attribute.startsWith('on'), `event handler ${attribute}="${value}" on <${name}>`);
      // <link> elements are the layout's own (its `data:,` favicon among them).
      if (name !== 'link' && ['href', 'src', 'action', 'formaction'].includes(attribute)) {
        assert.ok(!/^\s*(javascript|data|vbscript):/i.test(decode(value)), `${attribute}="${value}" on <${name}>`);
      }
    }
  }
}
