import type { TagView } from '../../../services/tags/tag-view.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { RefCommit } from '../components/ref-list.tsx';
import { Timestamp } from '../components/time.tsx';
import type { View } from '../web-context.ts';
import { TagFacts } from './tags.tsx';

/** One tag: its commit, tagger date and message (annotated), protection and release. */
export function TagPage({ view, context, entry, canDelete }: { view: View; context: ProjectContext; entry: TagView; canDelete: boolean }) {
  const { tag } = entry;
  return (
    <Layout view={view} title={`${tag.name} · Tags · ${context.project.name}`}>
      <ProjectHeader context={context} current="tags" trail="Tags" />
      <h1>
        {tag.name} {entry.protected && <span class="badge">protected</span>}
      </h1>
      <dl class="facts">
        <dt>Commit</dt>
        <dd>
          <RefCommit project={context} commit={tag.commit} />
        </dd>
        <dt>Tagged</dt>
        <dd>{tag.createdAt === null ? <span class="muted">Lightweight tag</span> : <Timestamp at={tag.createdAt} />}</dd>
      </dl>
      {tag.message !== '' && <pre class="tag-message">{tag.message}</pre>}
      <TagFacts view={view} context={context} entry={entry} canDelete={canDelete} />
    </Layout>
  );
}
