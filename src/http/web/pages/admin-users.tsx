import type { Paged } from '../../../db/pagination.ts';
import type { UserRow } from '../../../db/schema.ts';
import { Layout } from '../components/layout.tsx';
import { Notice } from '../components/messages.tsx';
import { Pager } from '../components/pager.tsx';
import { Timestamp } from '../components/time.tsx';
import type { View } from '../web-context.ts';
import { Breadcrumb } from '../components/breadcrumb.tsx';

function Kind({ user }: { user: UserRow }) {
  if (user.user_type === 'project_bot') return <span class="badge bot">Bot</span>;
  return user.is_admin ? <span class="badge admin">Admin</span> : <span class="badge">Regular</span>;
}

/** Admin area > Users: everyone but the ghost user, bots included and marked. */
export function AdminUsersPage({ view, users, notice }: { view: View; users: Paged<UserRow>; notice: string | null }) {
  return (
    <Layout view={view} title="Users · Admin area">
      <Breadcrumb items={[{ label: 'Admin area' }, { label: 'Users' }]} />
      <div class="page-head">
        <h1>{`Users (${users.total})`}</h1>
        <a href="/admin/users/new" class="button-link">
          New user
        </a>
      </div>
      <Notice message={notice} />
      <div class="overflow-auto">
        <table class="striped" id="users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Access</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {users.items.map((user) => (
              <tr data-username={user.username}>
                <td>
                  <strong>{user.name}</strong>
                  <br />
                  <small>{`@${user.username}`}</small>
                </td>
                <td>{user.email}</td>
                <td>
                  <Kind user={user} />
                </td>
                <td>{user.state}</td>
                <td>
                  <Timestamp at={user.created_at} dateOnly />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={users} path="/admin/users" label="User pages" />
    </Layout>
  );
}
