import { CsrfField } from '../components/csrf-field.tsx';
import { Layout } from '../components/layout.tsx';
import { FormError } from '../components/messages.tsx';
import type { View } from '../web-context.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';

export interface NewUserValues {
  name: string;
  username: string;
  email: string;
  admin: boolean;
}

export function AdminNewUserPage({ view, values, error }: { view: View; values: NewUserValues; error: string | null }) {
  return (
    <Layout view={view} title="New user · Admin area">
      <Breadcrumb items={[{ label: 'Admin area' }, { label: 'Users', href: '/admin/users' }, { label: 'New user' }]} />
      <h1>New user</h1>
      <form method="post" action="/admin/users">
        <CsrfField view={view} />
        <FormError message={error} />
        <div class="grid-2">
          <div>
            <label for="user-name">Name</label>
            <input id="user-name" name="name" type="text" required maxlength={255} value={values.name} autocomplete="off" />
          </div>
          <div>
            <label for="user-username">Username</label>
            <input id="user-username" name="username" type="text" required maxlength={255} value={values.username} autocomplete="off" />
          </div>
        </div>
        <label for="user-email">Email</label>
        <input id="user-email" name="email" type="email" required maxlength={255} value={values.email} autocomplete="off" />
        <label for="user-password">Password</label>
        <input id="user-password" name="password" type="password" required minlength={8} maxlength={128} autocomplete="new-password" aria-describedby="user-password-help" />
        <small id="user-password-help">At least 8 characters. Share it with the user over a safe channel.</small>
        <label for="user-admin">
          <input id="user-admin" name="admin" type="checkbox" value="1" role="switch" checked={values.admin} />
          Administrator (may manage users and every project)
        </label>
        <button type="submit">Create user</button>
      </form>
    </Layout>
  );
}
