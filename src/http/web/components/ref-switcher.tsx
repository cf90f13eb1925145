import type { ProjectWithNamespace } from '../../../db/repositories/projects.ts';
import { projectPath } from '../paths.ts';

export interface RefChoices {
  branches: string[];
  tags: string[];
  truncated: boolean;
}

/**
 * The branch/tag switcher: a GET form (no script needed) to `/-/refs/switch`, which sends the
 * browser to the same path at the chosen ref, as GitLab's does. A ref not in the lists (a commit
 * SHA) is offered first, selected.
 */
export function RefSwitcher({ project, current, refs, destination, path }: { project: ProjectWithNamespace; current: string; refs: RefChoices; destination: 'tree' | 'blob'; path: string }) {
  const known = refs.branches.includes(current) || refs.tags.includes(current);
  return (
    <form class="ref-switcher" method="get" action={`${projectPath(project)}/-/refs/switch`}>
      <input type="hidden" name="destination" value={destination} />
      <input type="hidden" name="path" value={path} />
      <label for="ref-switcher-select">Branch or tag</label>
      <select id="ref-switcher-select" name="ref">
        {!known && <option value={current} selected>{current}</option>}
        <optgroup label="Branches">
          {refs.branches.map((name) => (
            <option value={name} selected={name === current}>
              {name}
            </option>
          ))}
        </optgroup>
        {refs.tags.length > 0 && (
          <optgroup label="Tags">
            {refs.tags.map((name) => (
              <option value={name} selected={name === current && !refs.branches.includes(name)}>
                {name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <button type="submit" class="secondary">
        Switch
      </button>
      {refs.truncated && <small class="muted">Only the first branches and tags are listed; any ref works in the URL.</small>}
    </form>
  );
}
