import type { Paged } from '../../../db/pagination.ts';
import type { BranchView } from '../../../services/repository/read-repository-branches.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { Layout } from '../components/layout.tsx';
import { FormError, Notice } from '../components/messages.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { DeleteRefForm, RefCommit, RefSearch, RefTable } from '../components/ref-list.tsx';
import { branchesPath, commitsPath, comparePath, treePath } from '../paths.ts';
import type { View } from '../web-context.ts';

export interface BranchesPageData {
  branches: Paged<BranchView>;
  search: string;
  /** Whether the viewer may delete this branch (the API's decision, ref-deletion-policies.ts). */
  canDelete: (branch: BranchView) => boolean;
  error: string | null;
  notice: string | null;
}

function BranchRow({ view, context, entry, data }: { view: View; context: ProjectContext; entry: BranchView; data: BranchesPageData }) {
  const name = entry.branch.name;
  const defaultBranch = context.project.default_branch;
  return (
    <tr data-branch={name}>
      <td>
        <a href={treePath(context, name)}>
          <strong>{name}</strong>
        </a>{' '}
        {entry.isDefault && <span class="badge">default</span>} {entry.protected && <span class="badge">protected</span>}{' '}
        {entry.merged && <span class="badge">merged</span>}
        <br />
        <small>
          <RefCommit project={context} commit={entry.branch.commit} />
        </small>
      </td>
      <td>
        <div class="row-form">
          <a href={commitsPath(context, name)}>Commits</a>
          {!entry.isDefault && <a href={comparePath(context, defaultBranch, name)}>Compare</a>}
          {data.canDelete(entry) && <DeleteRefForm action={`${branchesPath(context)}/delete`} name={name} kind="branch" csrfToken={view.csrfToken} />}
        </div>
      </td>
    </tr>
  );
}

/** Repository › Branches: each branch with its last commit, badges, links and (where allowed) a delete button. */
export function BranchesPage({ view, context, data }: { view: View; context: ProjectContext; data: BranchesPageData }) {
  const base = branchesPath(context);
  return (
    <Layout view={view} title={`Branches · ${context.project.name}`}>
      <ProjectHeader context={context} current="branches" trail="Branches" />
      <h1>Branches</h1>
      <Notice message={data.notice} />
      <FormError message={data.error} />
      <RefSearch action={base} kind="branch" value={data.search} />
      <RefTable id="branches" kind="branch" total={data.branches.total} searched={data.search !== ''}>
        {data.branches.items.map((entry) => (
          <BranchRow view={view} context={context} entry={entry} data={data} />
        ))}
      </RefTable>
      <Pager page={data.branches} path={base} label="Branch pages" query={data.search ? { search: data.search } : {}} />
    </Layout>
  );
}
