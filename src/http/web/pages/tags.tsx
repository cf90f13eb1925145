import type { Paged } from '../../../db/pagination.ts';
import type { TagView } from '../../../services/tags/tag-view.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { FormError, Notice } from '../components/messages.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { DeleteRefForm, RefCommit, RefSearch, RefTable } from '../components/ref-list.tsx';
import { releasePath, tagPath, tagsPath, treePath } from '../paths.ts';
import type { View } from '../web-context.ts';

export interface TagsPageData {
  tags: Paged<TagView>;
  search: string;
  /** Whether the viewer may delete this tag (the API's decision, ref-deletion-policies.ts). */
  canDelete: (tag: TagView) => boolean;
  error: string | null;
  notice: string | null;
}

/** A tag's badges and links, shared by the list and the tag's own page. */
export function TagFacts({ view, context, entry, canDelete }: { view: View; context: ProjectContext; entry: TagView; canDelete: boolean }) {
  const { tag } = entry;
  return (
    <div class="row-form">
      <a href={treePath(context, tag.name)}>Files</a>
      {entry.release && <a href={releasePath(context, tag.name)}>{`Release ${entry.release.name}`}</a>}
      {canDelete && <DeleteRefForm action={`${tagsPath(context)}/delete`} name={tag.name} kind="tag" csrfToken={view.csrfToken} />}
    </div>
  );
}

/** Repository › Tags: newest first, each with its message, commit, protection and release. */
export function TagsPage({ view, context, data }: { view: View; context: ProjectContext; data: TagsPageData }) {
  const base = tagsPath(context);
  return (
    <Layout view={view} title={`Tags · ${context.project.name}`}>
      <ProjectHeader context={context} current="tags" trail="Tags" />
      <h1>Tags</h1>
      <Notice message={data.notice} />
      <FormError message={data.error} />
      <RefSearch action={base} kind="tag" value={data.search} />
      <RefTable id="tags" kind="tag" total={data.tags.total} searched={data.search !== ''}>
        {data.tags.items.map((entry) => (
          <tr data-tag={entry.tag.name}>
            <td>
              <a href={tagPath(context, entry.tag.name)}>
                <strong>{entry.tag.name}</strong>
              </a>{' '}
              {entry.protected && <span class="badge">protected</span>}
              <br />
              <small>
                <RefCommit project={context} commit={entry.tag.commit} />
              </small>
              {entry.tag.message !== '' && <p class="tag-message">{entry.tag.message}</p>}
            </td>
            <td>
              <TagFacts view={view} context={context} entry={entry} canDelete={data.canDelete(entry)} />
            </td>
          </tr>
        ))}
      </RefTable>
      <Pager page={data.tags} path={base} label="Tag pages" query={data.search ? { search: data.search } : {}} />
    </Layout>
  );
}
