import type { ComponentChildren } from 'preact';
import { accessLevelName } from '../../../domain/access-levels.ts';
import type { Paged } from '../../../db/pagination.ts';
import type { AnyMember } from '../../../services/members/read-group-members.ts';
import type { View } from '../web-context.ts';
import { CsrfField } from './csrf-field.tsx';
import { FormError } from './messages.tsx';
import { Pager } from './pager.tsx';
import { DateOnly, Timestamp } from './time.tsx';

/** What a members page (a project's or a group's) shows and which controls it draws; the services decide again on each post. */
export interface MembersPageData<E extends AnyMember = AnyMember> {
  members: Paged<E>;
  /** Roles the viewer may give; empty when they may not manage members. */
  assignable: readonly number[];
  /** Whether the viewer may change this member's role, or remove them (member-policies.ts). */
  canEdit: (entry: E) => boolean;
  canRemove: (entry: E) => boolean;
  addValues: { username: string; accessLevel: number; expiresAt: string };
  /** The earliest expiry date a member may be given (tomorrow, UTC). */
  minExpiry: string;
  error: string | null;
  notice: string | null;
}

function RoleOptions({ levels, selected }: { levels: readonly number[]; selected: number }) {
  return (
    <>
      {levels.map((level) => (
        <option value={String(level)} selected={level === selected}>
          {accessLevelName(level)}
        </option>
      ))}
    </>
  );
}

type Noun = 'project' | 'group';

function MemberControls<E extends AnyMember>({ view, base, entry, data, noun }: { view: View; base: string; entry: E; data: MembersPageData<E>; noun: Noun }) {
  const { user, member } = entry;
  if (user.user_type === 'project_bot') {
    return <small>Managed by its access token</small>;
  }
  const self = view.user?.id === user.id;
  const mayEdit = data.canEdit(entry);
  const mayRemove = data.canRemove(entry);
  if (!mayEdit && !mayRemove) return null;
  return (
    <div class="row-form">
      {mayEdit && (
        <form method="post" action={`${base}/${user.id}`} class="row-form">
          <CsrfField view={view} />
          <label for={`member-role-${user.id}`} class="visually-hidden">
            {`Role of ${user.username}`}
          </label>
          <select id={`member-role-${user.id}`} name="access_level">
            <RoleOptions levels={data.assignable} selected={member.access_level} />
          </select>
          <label for={`member-expires-at-${user.id}`} class="visually-hidden">
            {`Access expiration date of ${user.username}`}
          </label>
          <input id={`member-expires-at-${user.id}`} name="expires_at" type="date" value={member.expires_at ?? ''} min={data.minExpiry} />
          <button type="submit" class="secondary outline">
            Update
          </button>
        </form>
      )}
      {mayRemove && (
        <form
          method="post"
          action={`${base}/${user.id}/remove`}
          data-confirm={self ? `Are you sure you want to leave this ${noun}?` : `Are you sure you want to remove ${user.name} from this ${noun}?`}
        >
          <CsrfField view={view} />
          <button type="submit" class="secondary outline" aria-label={self ? `Leave ${noun}` : `Remove ${user.username}`}>
            {self ? 'Leave' : 'Remove'}
          </button>
        </form>
      )}
    </div>
  );
}

/** The invite form (for those who may add members) and the members table; `source` adds a column (a group's inherited members). */
export function MembersSections<E extends AnyMember>({
  view,
  base,
  data,
  noun,
  source,
}: {
  view: View;
  base: string;
  data: MembersPageData<E>;
  noun: Noun;
  source?: (entry: E) => ComponentChildren;
}) {
  return (
    <>
      {data.assignable.length > 0 && (
        <article aria-labelledby="add-member-heading">
          <h2 id="add-member-heading">Invite a member</h2>
          <form method="post" action={base}>
            <CsrfField view={view} />
            <FormError message={data.error} />
            <div class="grid-2">
              <div>
                <label for="member-username">Username</label>
                <input id="member-username" name="username" type="text" required autocomplete="off" value={data.addValues.username} aria-invalid={data.error ? 'true' : undefined} />
              </div>
              <div>
                <label for="member-access-level">Select a role</label>
                <select id="member-access-level" name="access_level">
                  <RoleOptions levels={data.assignable} selected={data.addValues.accessLevel} />
                </select>
              </div>
              <div>
                <label for="member-expires-at">Access expiration date (optional)</label>
                <input id="member-expires-at" name="expires_at" type="date" value={data.addValues.expiresAt} min={data.minExpiry} aria-describedby="member-expires-at-help" />
                <small id="member-expires-at-help">Access ends at 00:00 UTC on this date.</small>
              </div>
            </div>
            <button type="submit">Invite</button>
          </form>
        </article>
      )}
      {data.assignable.length === 0 && <FormError message={data.error} />}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{`Members (${data.members.total})`}</h2>
        <div class="overflow-auto">
          <table class="striped" id="members">
            <thead>
              <tr>
                <th scope="col">Account</th>
                {source && <th scope="col">Source</th>}
                <th scope="col">Role</th>
                <th scope="col">Member since</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span class="muted">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.members.items.map((entry) => (
                <tr data-username={entry.user.username}>
                  <td>
                    <strong>{entry.user.name}</strong> {entry.user.user_type === 'project_bot' && <span class="badge bot">Bot</span>}
                    {view.user?.id === entry.user.id && <span class="badge">It's you</span>}
                    <br />
                    <small>{`@${entry.user.username}`}</small>
                  </td>
                  {source && <td>{source(entry)}</td>}
                  <td>{accessLevelName(entry.member.access_level)}</td>
                  <td>
                    <Timestamp at={entry.member.created_at} dateOnly />
                  </td>
                  <td>
                    <DateOnly date={entry.member.expires_at} />
                  </td>
                  <td>
                    <MemberControls view={view} base={base} entry={entry} data={data} noun={noun} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pager page={data.members} path={base} label="Member pages" />
      </section>
    </>
  );
}
