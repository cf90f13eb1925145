import type { ComponentChildren } from 'preact';
import type { GitCommit } from '../../../git/branches.ts';
import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import { commitPath } from '../paths.ts';
import { CsrfField } from './csrf-field.tsx';
import { Timestamp } from './time.tsx';

/** The commit a branch or tag points at: its short SHA (a link to the commit), title and date. */
export function RefCommit({ project, commit }: { project: ProjectWithNamespace; commit: GitCommit | null }) {
  if (commit === null) return <span class="muted">No commit</span>;
  return (
    <span class="ref-commit">
      <a href={commitPath(project, commit.id)}>
        <code>{commit.id.slice(0, 8)}</code>
      </a>{' '}
      <span class="ref-commit-title">{commit.title}</span> · <Timestamp at={commit.committedDate} />
    </span>
  );
}

/** Delete control of a branch or tag: a POST form with the CSRF token; latchkey.js asks first. */
export function DeleteRefForm({ action, name, kind, csrfToken }: { action: string; name: string; kind: 'branch' | 'tag'; csrfToken: string }) {
  return (
    <form method="post" action={action} class="row-form" data-confirm={`Delete ${kind} ${name}? This cannot be undone.`}>
      <CsrfField token={csrfToken} />
      <input type="hidden" name="name" value={name} />
      <button type="submit" class="secondary outline" aria-label={`Delete ${kind} ${name}`}>
        Delete
      </button>
    </form>
  );
}

/** The GET search box above a list of branches or tags (`?search=`). */
export function RefSearch({ action, kind, value }: { action: string; kind: 'branch' | 'tag'; value: string }) {
  const label = `Filter by ${kind} name`;
  return (
    <form method="get" action={action} role="search" class="ref-search">
      <label for={`${kind}-search`} class="visually-hidden">
        {label}
      </label>
      <input id={`${kind}-search`} type="search" name="search" value={value} placeholder={label} />
      <button type="submit" class="secondary">
        Search
      </button>
    </form>
  );
}

/** A list of branches or tags: a table of rows, or a line saying there is none (or none that matches). */
export function RefTable({ id, kind, total, searched, children }: { id: string; kind: 'branch' | 'tag'; total: number; searched: boolean; children: ComponentChildren }) {
  if (total === 0) {
    return <p class="muted">{searched ? `No ${kind} matches this search.` : `This repository has no ${kind === 'branch' ? 'branches' : 'tags'} yet.`}</p>;
  }
  return (
    <div class="overflow-auto">
      <table class="striped" id={id}>
        <thead>
          <tr>
            <th scope="col">{kind === 'branch' ? 'Branch' : 'Tag'}</th>
            <th scope="col">
              <span class="muted">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
