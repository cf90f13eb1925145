import type { MergeRequestRow } from '../../../db/schema.ts';
import { MERGE_REQUEST_TABS, type MergeRequestBrowse, type MergeRequestTab } from '../../../services/merge-requests/browse-merge-requests.ts';
import { Layout } from '../components/layout.tsx';
import { BranchPair, DraftBadge, Person, PipelineBadge, StateBadge } from '../components/merge-request-parts.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { TabNav } from '../components/tab-nav.tsx';
import { Timestamp } from '../components/time.tsx';
import { mergeRequestPath, mergeRequestsPath } from '../paths.ts';
import type { View } from '../web-context.ts';

const TAB_LABELS: Record<MergeRequestTab, string> = { opened: 'Open', merged: 'Merged', closed: 'Closed', all: 'All' };

function MergeRequestItem({ data, mr }: { data: MergeRequestBrowse; mr: MergeRequestRow }) {
  const { context, view } = data;
  return (
    <li class="mr-item" data-iid={mr.iid}>
      <div>
        <a href={mergeRequestPath(context, mr.iid)}>
          <strong>{mr.title}</strong>
        </a>{' '}
        <DraftBadge title={mr.title} />
        {(view.labels.get(mr.id) ?? []).map((label) => (
          <>
            {' '}
            <span class="badge mr-label">{label.name}</span>
          </>
        ))}
        <br />
        <small class="muted">
          {`!${mr.iid}`} · opened by <Person user={view.users.get(mr.author_id)} /> · <BranchPair context={context} mr={mr} />
        </small>
      </div>
      <div class="mr-item-side">
        <StateBadge state={mr.state} /> <PipelineBadge pipeline={data.pipelines.get(mr.id)} />
        <br />
        <small class="muted">
          updated <Timestamp at={mr.updated_at} />
        </small>
      </div>
    </li>
  );
}

/** GET /<ns>/<project>/-/merge_requests: one state tab of the project's merge requests, newest updated first. */
export function MergeRequestsPage({ view, data, tab }: { view: View; data: MergeRequestBrowse; tab: MergeRequestTab }) {
  const { context, mergeRequests } = data;
  const base = mergeRequestsPath(context);
  return (
    <Layout view={view} title={`Merge requests · ${context.project.name}`}>
      <ProjectHeader context={context} current="merge_requests" trail="Merge requests" />
      <h1>Merge requests</h1>
      <TabNav
        label="Merge request states"
        class="tabs mr-state-tabs"
        current={tab}
        tabs={MERGE_REQUEST_TABS.map((state) => ({
          tab: state,
          href: `${base}?state=${state}`,
          label: (
            <>
              {TAB_LABELS[state]} <span class="badge">{String(data.counts[state])}</span>
            </>
          ),
        }))}
      />
      {mergeRequests.total === 0 ? (
        <p class="muted">{tab === 'all' ? 'There are no merge requests yet.' : `There are no ${TAB_LABELS[tab].toLowerCase()} merge requests.`}</p>
      ) : (
        <ul class="mr-list">
          {mergeRequests.items.map((mr) => (
            <MergeRequestItem data={data} mr={mr} />
          ))}
        </ul>
      )}
      <Pager page={mergeRequests} path={base} label="Merge request pages" query={{ state: tab }} />
    </Layout>
  );
}
