import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type MarkdownItType from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';
import { highlightBlock } from './highlight.ts';

/**
 * Where a relative link or image of a Markdown text points. A README at `docs/README.md` of
 * `main` resolves `guide.md` to `<blob base>/docs/guide.md` and `logo.png` to the raw file, as
 * GitLab does; text with no repository around it (a release's notes) passes no bases, and its
 * relative links are resolved against the project's page.
 */
export interface MarkdownLinks {
  /** Where relative links go, ending in `/`: e.g. `/ns/proj/-/blob/main/docs/`. */
  linkBase: string;
  /** Where relative images come from, ending in `/`: e.g. `/ns/proj/-/raw/main/docs/`. */
  imageBase: string;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:|^\/\/|^\/|^#|^\?/i;
const ORIGIN = 'http://latchkey.invalid';

/** `guide.md` against `/ns/p/-/blob/main/docs/` → `/ns/p/-/blob/main/docs/guide.md`; absolute URLs as they are. */
export function resolveRelative(url: string, base: string): string {
  if (url === '' || ABSOLUTE.test(url)) return url;
  try {
    const resolved = new URL(url, `${ORIGIN}${base}`);
    if (resolved.origin !== ORIGIN) return url;
    // Never climb above the base's project: `../../..` stays inside /ns/project/-/blob/<ref>/.
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return url;
  }
}

/**
 * markdown-it and sanitize-html are loaded by the first Markdown rendered, not at start: about
 * 17 MB of resident memory the API and git transports never need (benchmark 6).
 */
const lazyRequire = createRequire(import.meta.url);
let libraries: { MarkdownIt: typeof MarkdownItType; sanitize: typeof sanitizeHtml } | undefined;
const loadLibraries = () =>
  (libraries ??= { MarkdownIt: lazyRequire('markdown-it') as typeof MarkdownItType, sanitize: lazyRequire('sanitize-html') as typeof sanitizeHtml });

function renderer(links: MarkdownLinks | null): InstanceType<typeof MarkdownItType> {
  const { MarkdownIt } = loadLibraries();
  // CommonMark with GitLab's usual extras (tables, strikethrough, autolinks); raw HTML is text.
  const md = new MarkdownIt({
    html: false,
    linkify: true,
    typographer: false,
    highlight: (code, language) => highlightBlock(code, language),
  });
  if (links !== null) {
    md.core.ruler.push('latchkey_relative_links', (state) => {
      for (const block of state.tokens) {
        for (const token of block.children ?? []) {
          if (token.type === 'link_open') {
            const href = token.attrGet('href');
            if (typeof href === 'string') token.attrSet('href', resolveRelative(href, links.linkBase));
          } else if (token.type === 'image') {
            const src = token.attrGet('src');
            if (typeof src === 'string') token.attrSet('src', resolveRelative(src, links.imageBase));
          }
        }
      }
    });
  }
  return md;
}

let plain: InstanceType<typeof MarkdownItType> | undefined;

/**
 * The second line of defence: whatever markdown-it emits is filtered to the tags and attributes
 * Markdown can produce, links only to http(s), mailto and this site, images only from this site
 * or http(s). markdown-it's own link check already drops `javascript:`, `vbscript:`, `file:` and
 * `data:` (but images' raster `data:`); this keeps a renderer bug from becoming a script.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'span', 'em', 'strong', 's',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    span: ['class'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
  },
  allowedClasses: { code: [/^language-[\w+#.-]+$/], span: [/^hljs(-[\w-]+)?$/, /^[\w-]+_$/] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const external = /^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('mailto:');
      return { tagName, attribs: external ? { ...attribs, rel: 'nofollow noreferrer noopener' } : attribs };
    },
  },
};

/** Rendered texts kept by content: a README or release shown again costs a hash, not a render. */
const CACHE_ENTRIES = 64;
const CACHE_BYTES = 8 * 1024 * 1024;
const rendered = new Map<string, string>();
let renderedBytes = 0;

function remember(key: string, html: string): string {
  rendered.set(key, html);
  renderedBytes += html.length;
  for (const [oldest, value] of rendered) {
    if (rendered.size <= CACHE_ENTRIES && renderedBytes <= CACHE_BYTES) break;
    rendered.delete(oldest);
    renderedBytes -= value.length;
  }
  return html;
}

/**
 * Markdown (READMEs, release notes, issue and merge request descriptions, notes) → HTML that is
 * safe to put in a page as it is: raw HTML in the text shows as text, links and images are
 * checked, and the result is sanitized once more. Pass `links` to resolve relative links inside
 * the repository at the viewed ref. Rendering costs about 5 ms per KB on this hardware, so the
 * result is kept (least recently used, bounded) under a digest of the text and its link bases:
 * a large README viewed over and over is rendered once.
 */
export function renderMarkdown(source: string, links: MarkdownLinks | null = null): string {
  const key = createHash('sha256').update(links === null ? '' : `${links.linkBase}\0${links.imageBase}`).update('\0').update(source).digest('base64');
  const known = rendered.get(key);
  if (known !== undefined) {
    rendered.delete(key);
    rendered.set(key, known);
    return known;
  }
  const html = (links === null ? (plain ??= renderer(null)) : renderer(links)).render(source);
  return remember(key, loadLibraries().sanitize(html, SANITIZE));
}
