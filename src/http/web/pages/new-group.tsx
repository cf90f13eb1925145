import type { Visibility } from '../../../domain/visibility.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import { CsrfField } from '../components/csrf-field.tsx';
import { Layout } from '../components/layout.tsx';
import { FormError } from '../components/messages.tsx';
import { VisibilityFieldset } from '../components/visibility-fieldset.tsx';
import { DASHBOARD_GROUPS_PATH } from '../group-paths.ts';
import type { View } from '../web-context.ts';

export interface NewGroupValues {
  name: string;
  path: string;
  description: string;
  visibility: Visibility;
  /** The parent group's id as chosen ('' for a top-level group). */
  parentId: string;
}

export interface ParentOption {
  id: number;
  fullPath: string;
}

/** GitLab's new group form: name, URL path, visibility, and the parent for a subgroup (the groups the user may create in). */
export function NewGroupPage({ view, values, parents, error }: { view: View; values: NewGroupValues; parents: ParentOption[]; error: string | null }) {
  return (
    <Layout view={view} title="New group">
      <Breadcrumb items={[{ label: 'Groups', href: DASHBOARD_GROUPS_PATH }, { label: 'New group' }]} />
      <h1>{values.parentId === '' ? 'Create a group' : 'Create a subgroup'}</h1>
      <form method="post" action="/groups">
        <CsrfField view={view} />
        <FormError message={error} />
        <label for="group-name">Group name</label>
        <input id="group-name" name="name" type="text" required maxlength={255} value={values.name} autocomplete="off" aria-invalid={error ? 'true' : undefined} />
        <label for="group-path">Group URL</label>
        <input
          id="group-path"
          name="path"
          type="text"
          required
          maxlength={255}
          value={values.path}
          autocomplete="off"
          pattern="[A-Za-z0-9_][A-Za-z0-9_.\-]*"
          aria-describedby="group-path-help"
        />
        <small id="group-path-help">The group's part of every URL below it (letters, digits, `_`, `-` and `.`).</small>
        <label for="group-parent">
          Parent group <span class="muted">(optional)</span>
        </label>
        <select id="group-parent" name="parent_id" aria-describedby="group-parent-help">
          <option value="" selected={values.parentId === ''}>
            None: a top-level group
          </option>
          {parents.map((parent) => (
            <option value={String(parent.id)} selected={values.parentId === String(parent.id)}>
              {parent.fullPath}
            </option>
          ))}
        </select>
        <small id="group-parent-help">The groups you may create subgroups in (Maintainer or Owner).</small>
        <label for="group-description">
          Group description <span class="muted">(optional)</span>
        </label>
        <textarea id="group-description" name="description" rows={3} maxlength={2000}>
          {values.description}
        </textarea>
        <VisibilityFieldset noun="group" selected={values.visibility} />
        <button type="submit">Create group</button>
      </form>
    </Layout>
  );
}
