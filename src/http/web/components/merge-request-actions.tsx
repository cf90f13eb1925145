import type { MergeRequestRow } from '../../../db/schema.ts';
import type { MergeRequestActions } from '../../../services/merge-requests/read-merge-request-page.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { mergeRequestPath } from '../paths.ts';
import type { View } from '../web-context.ts';
import { CsrfField } from './csrf-field.tsx';

/** One button in its own CSRF-checked POST form, to `/-/merge_requests/<iid>/<action>`. */
function ActionForm({ view, action, label, context, mr, secondary = true }: { view: View; action: string; label: string; context: ProjectContext; mr: MergeRequestRow; secondary?: boolean }) {
  return (
    <form method="post" action={`${mergeRequestPath(context, mr.iid)}/${action}`} class="row-form">
      <CsrfField view={view} />
      <button type="submit" class={secondary ? 'secondary outline' : undefined}>
        {label}
      </button>
    </form>
  );
}

/** The merge form: squash and source-branch removal preset as the merge request (and the project's squash option) say. */
function MergeForm({ view, context, mr }: { view: View; context: ProjectContext; mr: MergeRequestRow }) {
  const squashOption = context.project.squash_option;
  const squashFixed = squashOption === 'always' || squashOption === 'never';
  return (
    <form method="post" action={`${mergeRequestPath(context, mr.iid)}/merge`} class="mr-merge-form">
      <CsrfField view={view} />
      <input type="hidden" name="sha" value={mr.head_sha ?? ''} />
      <label for="mr-remove-source">
        <input id="mr-remove-source" type="checkbox" name="should_remove_source_branch" value="1" checked={mr.force_remove_source_branch === 1} /> Delete source branch
      </label>
      {squashFixed ? (
        <small class="muted">{squashOption === 'always' ? 'Commits are squashed (required by the project).' : 'Commits are not squashed (the project does not allow it).'}</small>
      ) : (
        <label for="mr-squash">
          <input id="mr-squash" type="checkbox" name="squash" value="1" checked={mr.squash === 1} /> Squash commits
        </label>
      )}
      <button type="submit">Merge</button>
    </form>
  );
}

/** The buttons the viewer may use, each only where the service behind it would accept it. */
export function MergeRequestButtons({ view, context, mr, actions }: { view: View; context: ProjectContext; mr: MergeRequestRow; actions: MergeRequestActions }) {
  return (
    <div class="mr-actions">
      {actions.merge && <MergeForm view={view} context={context} mr={mr} />}
      <div class="row-form">
        {actions.approve && <ActionForm view={view} context={context} mr={mr} action="approve" label="Approve" secondary={false} />}
        {actions.unapprove && <ActionForm view={view} context={context} mr={mr} action="unapprove" label="Revoke approval" />}
        {actions.close && <ActionForm view={view} context={context} mr={mr} action="close" label="Close merge request" />}
        {actions.reopen && <ActionForm view={view} context={context} mr={mr} action="reopen" label="Reopen merge request" />}
      </div>
    </div>
  );
}
