import type { Visibility } from '../../../domain/visibility.ts';

const VISIBILITIES: Array<{ value: Visibility; label: string; help: (noun: string) => string }> = [
  { value: 'private', label: 'Private', help: (noun) => `Only members see the ${noun}.` },
  { value: 'internal', label: 'Internal', help: (noun) => `Every signed-in user sees the ${noun}.` },
  { value: 'public', label: 'Public', help: (noun) => `Anyone sees the ${noun}, signed in or not.` },
];

/** The visibility radio buttons of the new project and new group forms. */
export function VisibilityFieldset({ noun, selected }: { noun: 'project' | 'group'; selected: Visibility }) {
  return (
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
              checked={selected === option.value}
              aria-describedby={`visibility-${option.value}-help`}
            />
            {option.label}
          </label>
          <small id={`visibility-${option.value}-help`} class="muted">
            {option.help(noun)}
          </small>
        </>
      ))}
    </fieldset>
  );
}
