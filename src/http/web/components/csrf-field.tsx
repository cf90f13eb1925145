import type { View } from '../web-context.ts';

export const CSRF_FIELD = 'authenticity_token';

/** In every form: the session's CSRF token (or, on the sign-in form, the pre-session one). */
export function CsrfField({ view, token }: { view?: View; token?: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token ?? view?.csrfToken ?? ''} />;
}
