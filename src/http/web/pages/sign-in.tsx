import { Layout } from '../components/layout.tsx';
import { CsrfField } from '../components/csrf-field.tsx';
import { FormError, Notice } from '../components/messages.tsx';
import { SIGN_IN_PATH } from '../paths.ts';
import type { View } from '../web-context.ts';

export function SignInPage(props: { view: View; csrfToken: string; login: string; redirectTo: string; error: string | null; notice: string | null }) {
  const { view, csrfToken, login, redirectTo, error, notice } = props;
  return (
    <Layout view={view} title="Sign in">
      <article class="sign-in" aria-labelledby="sign-in-heading">
        <h1 id="sign-in-heading">Sign in to Latchkey</h1>
        <Notice message={notice} />
        <form method="post" action={SIGN_IN_PATH}>
          <CsrfField token={csrfToken} />
          {redirectTo !== '/' && <input type="hidden" name="redirect_to" value={redirectTo} />}
          <FormError message={error} />
          <label for="user-login">Username or primary email</label>
          <input
            id="user-login"
            name="login"
            type="text"
            required
            autocomplete="username"
            autofocus
            value={login}
            aria-invalid={error ? 'true' : undefined}
          />
          <label for="user-password">Password</label>
          <input id="user-password" name="password" type="password" required autocomplete="current-password" aria-invalid={error ? 'true' : undefined} />
          <button type="submit">Sign in</button>
        </form>
      </article>
    </Layout>
  );
}
