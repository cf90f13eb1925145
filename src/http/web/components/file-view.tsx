import { highlightLines, languageOfPath } from '../rendering/highlight.ts';

/**
 * A text file with numbered lines: each number is an anchor (`#L12`) linking to itself, and each
 * line is highlight.js's escaped, well-formed HTML for that line (rendering/highlight.ts).
 */
export function FileView({ path, text }: { path: string; text: string }) {
  const lines = highlightLines(text, languageOfPath(path));
  return (
    <div class="file-view">
      <table class="file-lines">
        <tbody>
          {lines.map((html, index) => {
            const line = `L${index + 1}`;
            return (
              <tr>
                <td class="line-number">
                  <a id={line} href={`#${line}`}>
                    {index + 1}
                  </a>
                </td>
                <td class="line-code">
                  <pre class="hljs" dangerouslySetInnerHTML={{ __html: html }} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
