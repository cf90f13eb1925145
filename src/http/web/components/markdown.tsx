import { renderMarkdown, type MarkdownLinks } from '../rendering/markdown.ts';

/** Markdown text as sanitized HTML (see rendering/markdown.ts); the only place a page sets raw HTML from text. */
export function Markdown({ source, links = null }: { source: string; links?: MarkdownLinks | null }) {
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(source, links) }} />;
}
