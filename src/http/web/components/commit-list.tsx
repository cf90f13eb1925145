import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import type { GitCommit } from '../../../git/branches.ts';
import { commitPath, treePath } from '../paths.ts';
import { Timestamp } from './time.tsx';

/** A git date (`2026-11-29T13:00:00+01:00`) as the UTC instant the Timestamp component shows. */
export function utcInstant(gitDate: string): string {
  const time = Date.parse(gitDate);
  return Number.isNaN(time) ? gitDate : new Date(time).toISOString();
}

function CommitItem({ project, commit }: { project: ProjectWithNamespace; commit: GitCommit }) {
  return (
    <li class="commit-item">
      <div>
        <a href={commitPath(project, commit.id)}>
          <strong>{commit.title}</strong>
        </a>
        <br />
        <small class="muted">
          {commit.authorName} authored <Timestamp at={utcInstant(commit.authoredDate)} />
        </small>
      </div>
      <div class="commit-actions">
        <a href={commitPath(project, commit.id)} title={commit.id}>
          <code>{commit.id.slice(0, 8)}</code>
        </a>{' '}
        <a href={treePath(project, commit.id)} aria-label={`Browse files at ${commit.id.slice(0, 8)}`}>
          Browse files
        </a>
      </div>
    </li>
  );
}

/** Commits grouped by the (UTC) day they were committed, as GitLab's commit lists are. */
export function CommitList({ project, commits }: { project: ProjectWithNamespace; commits: GitCommit[] }) {
  const days = new Map<string, GitCommit[]>();
  for (const commit of commits) {
    const day = utcInstant(commit.committedDate).slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), commit]);
  }
  return (
    <div class="commit-list">
      {[...days].map(([day, onDay]) => (
        <section aria-label={`Commits on ${day}`}>
          <h2 class="commit-day">
            <time datetime={day}>{day}</time> <small class="muted">{`${onDay.length} ${onDay.length === 1 ? 'commit' : 'commits'}`}</small>
          </h2>
          <ul>
            {onDay.map((commit) => (
              <CommitItem project={project} commit={commit} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
