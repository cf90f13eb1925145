import type { Paged } from '../../../db/pagination.ts';
import type { TokenRow } from '../../../db/schema.ts';
import type { View } from '../web-context.ts';
import { FormError, Notice } from './messages.tsx';
import { NewToken } from './new-token.tsx';
import { TokenForm, type TokenFormOptions, type TokenFormValues } from './token-form.tsx';
import { ActiveTokens, InactiveTokens } from './token-tables.tsx';

/** What an Access Tokens page shows (project, group or personal tokens). */
export interface TokensPageData {
  active: Paged<TokenRow>;
  inactive: Paged<TokenRow>;
  today: string;
  form: TokenFormOptions;
  values: TokenFormValues;
  error: string | null;
  /** A refusal that is not the form's (a failed revoke). */
  alert: string | null;
  newToken: string | null;
  notice: string | null;
}

/**
 * Settings > Access Tokens of a project or a group: the notice, a refusal, the new token once,
 * the active tokens (revoke, rotate, and where given limits and activity), the form and the inactive tokens.
 */
export function AccessTokenSections({ view, base, noun, data, activity, limits }: { view: View; base: string; noun: string; data: TokensPageData; activity?: boolean; limits?: boolean }) {
  const activityPath = activity ? (token: TokenRow) => `${base}/${token.id}/activity` : undefined;
  return (
    <>
      <Notice message={data.notice} />
      <FormError message={data.alert} id="page-error" />
      {data.newToken && <NewToken noun={noun} token={data.newToken} />}
      <ActiveTokens
        view={view}
        noun={noun}
        tokens={data.active}
        revokePath={(token) => `${base}/${token.id}/revoke`}
        rotatePath={(token) => `${base}/${token.id}/rotate`}
        showRole
        {...(activityPath && { activityPath })}
        today={data.today}
        {...(limits && { limitsPath: (token: TokenRow) => `${base}/${token.id}/limits` })}
      />
      <TokenForm view={view} options={data.form} values={data.values} error={data.error} />
      <InactiveTokens noun={noun} tokens={data.inactive} today={data.today} {...(activityPath && { activityPath })} />
    </>
  );
}
