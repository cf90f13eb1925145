import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import type { CommitSummary } from '../../../git/last-commits.ts';
import { commitPath, treePath } from '../paths.ts';
import { Timestamp } from './time.tsx';

/** The path as links, from the project's root to the page's own entry (GitLab's `project / dir / file`). */
export function PathCrumbs({ project, gitRef, path }: { project: ProjectWithNamespace; gitRef: string; path: string }) {
  const segments = path === '' ? [] : path.split('/');
  return (
    <nav class="path-crumbs" aria-label="Path">
      <a href={treePath(project, gitRef)}>{project.project.path}</a>
      {segments.map((segment, index) => (
        <>
          {' / '}
          {index === segments.length - 1 ? (
            <strong aria-current="page">{segment}</strong>
          ) : (
            <a href={treePath(project, gitRef, segments.slice(0, index + 1).join('/'))}>{segment}</a>
          )}
        </>
      ))}
    </nav>
  );
}

/** The newest commit of a directory or file: title, author, date and short SHA, linked to the commit. */
export function LatestCommit({ project, commit }: { project: ProjectWithNamespace; commit: CommitSummary | null }) {
  if (commit === null) return null;
  return (
    <p class="latest-commit">
      <a href={commitPath(project, commit.id)}>{commit.title}</a> <span class="muted">{commit.authorName}</span>{' '}
      <Timestamp at={commit.authoredDate} /> <code>{commit.id.slice(0, 8)}</code>
    </p>
  );
}
