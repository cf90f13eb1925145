import { Layout } from '../components/layout.tsx';
import { CsrfField } from '../components/csrf-field.tsx';
import { FormError } from '../components/messages.tsx';
import type { View } from '../web-context.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import type { Visibility } from '../../../domain/visibility.ts';
import { VisibilityFieldset } from '../components/visibility-fieldset.tsx';

export interface NewProjectValues {
  name: string;
  path: string;
  description: string;
  visibility: Visibility;
  /** The group the project is created in (its Maintainers and Owners may), or null for the user's own namespace. */
  namespace: { id: number; fullPath: string } | null;
  /** "Initialize repository with a README": a first commit, so the repository can be cloned at once. */
  readme: boolean;
}

export function NewProjectPage({ view, values, error }: { view: View; values: NewProjectValues; error: string | null }) {
  return (
    <Layout view={view} title="New project">
      <Breadcrumb items={[{ label: 'Projects', href: '/' }, { label: 'New project' }]} />
      <h1>Create a project</h1>
      <form method="post" action="/projects">
        <CsrfField view={view} />
        <FormError message={error} />
        {values.namespace && (
          <p>
            <input type="hidden" name="namespace_id" value={String(values.namespace.id)} />
            In group <code>{values.namespace.fullPath}</code>
          </p>
        )}
        <label for="project-name">Project name</label>
        <input id="project-name" name="name" type="text" required maxlength={255} value={values.name} autocomplete="off" aria-invalid={error ? 'true' : undefined} />
        <label for="project-path">
          Project slug <span class="muted">(optional)</span>
        </label>
        <input
          id="project-path"
          name="path"
          type="text"
          maxlength={255}
          value={values.path}
          autocomplete="off"
          pattern="[A-Za-z0-9_][A-Za-z0-9_.\-]*"
          aria-describedby="project-path-help"
        />
        <small id="project-path-help">The last part of the project's URL; made from the name when left empty.</small>
        <label for="project-description">
          Project description <span class="muted">(optional)</span>
        </label>
        <textarea id="project-description" name="description" rows={3} maxlength={2000}>
          {values.description}
        </textarea>
        <VisibilityFieldset noun="project" selected={values.visibility} />
        <label for="project-readme">
          <input id="project-readme" name="initialize_with_readme" type="checkbox" value="true" checked={values.readme} aria-describedby="project-readme-help" />
          Initialize repository with a README
        </label>
        <small id="project-readme-help">Adds README.md on the default branch, so the repository can be cloned and branched from at once.</small>
        <button type="submit">Create project</button>
      </form>
    </Layout>
  );
}
