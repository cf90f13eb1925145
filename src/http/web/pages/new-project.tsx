import { Layout } from '../components/layout.tsx';
import { CsrfField } from '../components/csrf-field.tsx';
import { FormError } from '../components/messages.tsx';
import type { View } from '../web-context.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';
import type { Visibility } from '../../../domain/visibility.ts';

export interface NewProjectValues {
  name: string;
  path: string;
  description: string;
  visibility: Visibility;
}

const VISIBILITIES: Array<{ value: NewProjectValues['visibility']; label: string; help: string }> = [
  { value: 'private', label: 'Private', help: 'Only members see the project.' },
  { value: 'internal', label: 'Internal', help: 'Every signed-in user sees the project.' },
  { value: 'public', label: 'Public', help: 'Anyone sees the project, signed in or not.' },
];

export function NewProjectPage({ view, values, error }: { view: View; values: NewProjectValues; error: string | null }) {
  return (
    <Layout view={view} title="New project">
      <Breadcrumb items={[{ label: 'Projects', href: '/' }, { label: 'New project' }]} />
      <h1>Create a project</h1>
      <form method="post" action="/projects">
        <CsrfField view={view} />
        <FormError message={error} />
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
        <fieldset>
          <legend>
            <strong>Visibility level</strong>
          </legend>
          {VISIBILITIES.map((option) => (
            <>
              <label for={`visibility-${option.value}`}>
                <input
                  id={`visibility-${option.value}`}
                  type="radio"
                  name="visibility"
                  value={option.value}
                  checked={values.visibility === option.value}
                  aria-describedby={`visibility-${option.value}-help`}
                />
                {option.label}
              </label>
              <small id={`visibility-${option.value}-help`} class="muted">
                {option.help}
              </small>
            </>
          ))}
        </fieldset>
        <button type="submit">Create project</button>
      </form>
    </Layout>
  );
}
