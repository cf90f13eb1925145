import type { BrowsedFile } from '../../../services/repository/browse-repository-file.ts';
import { README_LIMIT_BYTES } from '../../../services/repository/browse-repository-tree.ts';
import { DISPLAY_LIMIT_BYTES, DISPLAY_LIMIT_LINES } from '../../../services/repository/browse-repository-file.ts';
import { FileView } from '../components/file-view.tsx';
import { Layout } from '../components/layout.tsx';
import { Markdown } from '../components/markdown.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { RefSwitcher } from '../components/ref-switcher.tsx';
import { LatestCommit, PathCrumbs } from '../components/repository-location.tsx';
import { blobPath, commitsPath, rawPath } from '../paths.ts';
import type { View } from '../web-context.ts';

const MARKDOWN = /\.(md|markdown|mdown|mkd|mkdn)$/i;

/** Markdown is rendered up to a README's size; a larger file shows its source (rendering costs seconds of CPU a request). */
const rendersMarkdown = (file: BrowsedFile): boolean => file.content.kind === 'text' && MARKDOWN.test(file.path) && file.size <= README_LIMIT_BYTES;

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function Content({ file, plain }: { file: BrowsedFile; plain: boolean }) {
  const { context, ref, path, content } = file;
  const download = rawPath(context, ref, path);
  switch (content.kind) {
    case 'image':
      return (
        <p class="file-image">
          <img src={download} alt={path.slice(path.lastIndexOf('/') + 1)} />
        </p>
      );
    case 'binary':
      return (
        <p class="file-download">
          This file is binary and cannot be shown. <a href={`${download}?inline=false`}>Download it</a> ({humanSize(file.size)}).
        </p>
      );
    case 'too_large':
      return (
        <p class="file-download">
          The source could not be displayed because it is larger than {humanSize(DISPLAY_LIMIT_BYTES)}. <a href={`${download}?inline=false`}>Download it</a> (
          {humanSize(file.size)}).
        </p>
      );
    case 'too_many_lines':
      return (
        <p class="file-download">
          The source could not be displayed because it has more than {DISPLAY_LIMIT_LINES.toLocaleString('en')} lines. <a href={`${download}?inline=false`}>Download it</a> (
          {humanSize(file.size)}).
        </p>
      );
    case 'text': {
      if (rendersMarkdown(file) && !plain) {
        const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        return <Markdown source={content.text} links={{ linkBase: `${blobPath(context, ref, dir)}/`, imageBase: `${rawPath(context, ref, dir)}/` }} />;
      }
      return <FileView path={path} text={content.text} />;
    }
    default: {
      const unknown: never = content;
      throw new Error(`no view for ${String(unknown)}`);
    }
  }
}

/** `/-/blob/<ref>/<path>`: a file with numbered, highlighted lines (Markdown rendered unless `?plain=1`), or a picture, or a download. */
export function RepositoryBlobPage({ view, file, plain }: { view: View; file: BrowsedFile; plain: boolean }) {
  const { context, ref, path } = file;
  const markdown = rendersMarkdown(file);
  const here = blobPath(context, ref, path);
  return (
    <Layout view={view} title={`${path} · ${context.project.name}`}>
      <ProjectHeader context={context} current="files" />
      <div class="repository-bar">
        <RefSwitcher project={context} current={ref} refs={file.refs} destination="blob" path={path} />
        <PathCrumbs project={context} gitRef={ref} path={path} />
      </div>
      <LatestCommit project={context} commit={file.lastCommit} />
      <article class="blob" aria-label={path}>
        <header class="blob-header">
          <span>
            <strong>{path.slice(path.lastIndexOf('/') + 1)}</strong> <small class="muted">{humanSize(file.size)}</small>
          </span>
          <nav aria-label="File">
            <ul>
              {markdown && (
                <li>{plain ? <a href={here}>Display rendered file</a> : <a href={`${here}?plain=1`}>Display source</a>}</li>
              )}
              <li>
                <a href={rawPath(context, ref, path)}>Open raw</a>
              </li>
              <li>
                <a href={`${rawPath(context, ref, path)}?inline=false`}>Download</a>
              </li>
              <li>
                <a href={commitsPath(context, ref, path)}>History</a>
              </li>
              <li>
                <a href={blobPath(context, file.commitId, path)}>Permalink</a>
              </li>
            </ul>
          </nav>
        </header>
        <Content file={file} plain={plain} />
      </article>
    </Layout>
  );
}
