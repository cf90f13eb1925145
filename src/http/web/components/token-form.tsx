import { accessLevelName } from '../../../domain/access-levels.ts';
import type { View } from '../web-context.ts';
import { CsrfField } from './csrf-field.tsx';
import { FormError } from './messages.tsx';
import { TokenLimitFields } from './token-limit-fields.tsx';

export interface TokenFormValues {
  name: string;
  description: string;
  expiresAt: string;
  accessLevel: number | null;
  scopes: string[];
  /** token-limits: the limits as typed, one entry a line (project tokens). */
  allowedIps: string;
  allowedRefs: string;
}

export interface TokenFormOptions {
  action: string;
  /** "project access token" or "personal access token". */
  noun: string;
  scopes: Record<string, string>;
  /** Roles the creator may hand out (project tokens only). */
  roles: readonly number[] | null;
  /** Date bounds: tomorrow at the earliest, the instance's maximum lifetime at the latest. */
  minDate: string;
  maxDate: string | null;
  expiryRequired: boolean;
}

/** Name, description, expiry date, role (project tokens) and scopes: GitLab's "Add a token" form. */
export function TokenForm({ view, options, values, error }: { view: View; options: TokenFormOptions; values: TokenFormValues; error: string | null }) {
  const expiryHelp = options.expiryRequired
    ? 'The token stops working at 00:00 UTC on this date.'
    : options.maxDate !== null
      ? `The token stops working at 00:00 UTC on this date. Left empty, it lasts as long as allowed (until ${options.maxDate}).`
      : 'The token stops working at 00:00 UTC on this date. Leave it empty for a token that does not expire.';
  return (
    <article aria-labelledby="add-token-heading">
      <h2 id="add-token-heading">Add a {options.noun}</h2>
      <form method="post" action={options.action}>
        <CsrfField view={view} />
        <FormError message={error} />
        <label for="token-name">Token name</label>
        <input
          id="token-name"
          name="name"
          type="text"
          required
          maxlength={255}
          value={values.name}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'form-error' : undefined}
          autocomplete="off"
        />
        <label for="token-description">
          Token description <span class="muted">(optional)</span>
        </label>
        <textarea id="token-description" name="description" maxlength={255} rows={2}>
          {values.description}
        </textarea>
        <div class="grid-2">
          <div>
            <label for="token-expires-at">Expiration date</label>
            <input
              id="token-expires-at"
              name="expires_at"
              type="date"
              value={values.expiresAt}
              min={options.minDate}
              max={options.maxDate ?? undefined}
              required={options.expiryRequired}
              aria-describedby="token-expires-at-help"
            />
            <small id="token-expires-at-help">{expiryHelp}</small>
          </div>
          {options.roles && (
            <div>
              <label for="token-access-level">Select a role</label>
              <select id="token-access-level" name="access_level" aria-describedby="token-access-level-help">
                {options.roles.map((level) => (
                  <option value={String(level)} selected={level === values.accessLevel}>
                    {accessLevelName(level)}
                  </option>
                ))}
              </select>
              <small id="token-access-level-help">{`The token's bot user gets this role in the ${options.noun.startsWith('group') ? 'group and every project below it' : 'project'}; never more than your own.`}</small>
            </div>
          )}
        </div>
        {options.roles && <TokenLimitFields idPrefix="token" allowedIps={values.allowedIps} allowedRefs={values.allowedRefs} />}
        <fieldset class="scopes">
          <legend>
            <strong>Select scopes</strong>
          </legend>
          <p class="muted">Scopes set the permission levels granted to the token.</p>
          {Object.entries(options.scopes).map(([scope, description]) => (
            <>
              <label for={`scope-${scope}`}>
                <input
                  id={`scope-${scope}`}
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  checked={values.scopes.includes(scope)}
                  aria-describedby={`scope-${scope}-help`}
                />
                {scope}
              </label>
              <small id={`scope-${scope}-help`}>{description}</small>
            </>
          ))}
        </fieldset>
        <button type="submit">Create {options.noun}</button>
      </form>
    </article>
  );
}
