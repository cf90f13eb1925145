import type { Paged } from '../../../db/pagination.ts';
import type { EventRow, UserRow } from '../../../db/schema.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { Timestamp } from '../components/time.tsx';
import { activityPath, commitPath, tagPath, treePath } from '../paths.ts';
import type { View } from '../web-context.ts';

export interface ActivityPageData {
  events: Paged<EventRow>;
  authors: Map<number, UserRow>;
}

const NOTE_EXCERPT = 200;

/** What an event recorded (push_data, a note's body): an object, or empty when it holds none. */
function dataOf(event: EventRow): Record<string, unknown> {
  if (event.data === null) return {};
  try {
    const parsed: unknown = JSON.parse(event.data);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A git push: "pushed new branch x", "pushed to branch x" (with the commits it brought), "deleted tag v1". */
function PushText({ context, event, data }: { context: ProjectContext; event: EventRow; data: Record<string, unknown> }) {
  const ref = text(data.ref);
  const isTag = data.ref_type === 'tag';
  const kind = isTag ? 'tag' : 'branch';
  const to = text(data.commit_to);
  const count = typeof data.commit_count === 'number' ? data.commit_count : 0;
  const refLink = event.action_name === 'deleted' ? <code>{ref}</code> : <a href={isTag ? tagPath(context, ref) : treePath(context, ref)}>{ref}</a>;
  return (
    <>
      {`${event.action_name} ${kind} `}
      {refLink}
      {event.action_name !== 'deleted' && to !== '' && (
        <div class="event-detail">
          {!isTag && <small>{`${count} ${count === 1 ? 'commit' : 'commits'} · `}</small>}
          <a href={commitPath(context, to)}>
            <code>{to.slice(0, 8)}</code>
          </a>{' '}
          {text(data.commit_title)}
        </div>
      )}
    </>
  );
}

function EventText({ context, event }: { context: ProjectContext; event: EventRow }) {
  const data = dataOf(event);
  if (event.target_type === null) return <PushText context={context} event={event} data={data} />;
  if (event.target_type === 'ContainerRepository') {
    return <>{`${event.action_name} container image ${event.target_title ?? ''}`}</>;
  }
  if (event.target_type === 'Issue') {
    return <>{`${event.action_name} issue #${event.target_iid ?? ''}: ${event.target_title ?? ''}`}</>;
  }
  if (event.target_type === 'Note') {
    const body = text(data.body);
    const noteable = text(data.noteable_type) === 'Issue' ? `issue #${String(data.noteable_iid ?? '')}` : text(data.noteable_type);
    return (
      <>
        {`${event.action_name} ${noteable}: ${event.target_title ?? ''}`}
        {body !== '' && <blockquote class="event-detail">{body.length > NOTE_EXCERPT ? `${body.slice(0, NOTE_EXCERPT)}…` : body}</blockquote>}
      </>
    );
  }
  return <>{[event.action_name, event.target_type, event.target_title].filter(Boolean).join(' ')}</>;
}

/** Activity: the project's events, newest first; author names, "Ghost User" for records of removed users. */
export function ActivityPage({ view, context, data }: { view: View; context: ProjectContext; data: ActivityPageData }) {
  return (
    <Layout view={view} title={`Activity · ${context.project.name}`}>
      <ProjectHeader context={context} current="activity" trail="Activity" />
      <h1>Activity</h1>
      {data.events.total === 0 && <p class="muted">Nothing has happened in this project yet.</p>}
      <ol class="activity" id="activity">
        {data.events.items.map((event) => {
          const author = data.authors.get(event.author_id);
          return (
            <li data-event-id={String(event.id)} data-action={event.action_name}>
              <strong class="event-author">{author?.name ?? 'Ghost User'}</strong>{' '}
              {author && <small class="muted">{`@${author.username}`}</small>} <EventText context={context} event={event} />{' '}
              <small>
                <Timestamp at={event.created_at} />
              </small>
            </li>
          );
        })}
      </ol>
      <Pager page={data.events} path={activityPath(context)} label="Activity pages" />
    </Layout>
  );
}
