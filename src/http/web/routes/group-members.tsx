import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_LEVELS, AccessLevel } from '../../../domain/access-levels.ts';
import { earliestMemberExpiry } from '../../../domain/membership.ts';
import type { Deps } from '../../../deps.ts';
import type { GroupMemberWithUser } from '../../../db/repositories/group-members.ts';
import { groupAndAncestors } from '../../../db/repositories/groups.ts';
import { canAssignLevel, canEditMember, canRemoveMember } from '../../../policies/member-policies.ts';
import type { GroupContext } from '../../../services/groups/group-context.ts';
import { addGroupMember } from '../../../services/members/add-group-member.ts';
import { listGroupMembers } from '../../../services/members/read-group-members.ts';
import { removeGroupMember } from '../../../services/members/remove-group-member.ts';
import { updateGroupMember } from '../../../services/members/update-group-member.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, formBody, pageNumber } from '../form.ts';
import { groupMembersPath } from '../group-paths.ts';
import { noticeOf } from '../notices.ts';
import { GroupMembersPage } from '../pages/group-members.tsx';
import { redirectAfterPost, sendPage } from '../render.ts';
import { signedIn, viewOf } from '../web-context.ts';
import type { GroupPageRoute } from './group-pages.ts';
import { memberTarget, postedExpiry, postedLevel, type MembersOutcome } from './project-members.tsx';

/** A group's Members page and its forms, through the services of /groups/:id/members (the same rules, the same refusals). */
export function groupMemberPages(deps: Deps): GroupPageRoute[] {
  async function render(request: FastifyRequest, reply: FastifyReply, context: GroupContext, outcome: MembersOutcome) {
    const { principal } = signedIn(request);
    const members = await listGroupMembers(deps, principal, { group: context.group.id, inherited: true, page: { page: pageNumber(request.query), perPage: 50 } });
    const sources = new Map((await groupAndAncestors(deps.db, context.group.id)).map((group) => [group.id, group.path]));
    // Only direct members are changed here; an inherited one is changed in the group it comes from.
    const direct = (entry: GroupMemberWithUser) => entry.member.group_id === context.group.id;
    const data = {
      members: members as typeof members & { items: GroupMemberWithUser[] },
      sources,
      assignable: ACCESS_LEVELS.filter((level) => canAssignLevel(context.facts, level)),
      canEdit: (entry: GroupMemberWithUser) => direct(entry) && canEditMember(context.facts, memberTarget(entry)),
      canRemove: (entry: GroupMemberWithUser) => direct(entry) && canRemoveMember(context.facts, memberTarget(entry)),
      addValues: outcome.addValues ?? { username: '', accessLevel: AccessLevel.Developer, expiresAt: '' },
      minExpiry: earliestMemberExpiry(deps.clock.now()),
      error: outcome.error ?? null,
      notice: noticeOf(request.query),
    };
    return sendPage(reply, <GroupMembersPage view={viewOf(request)} context={context} data={data} />, outcome.status ?? 200);
  }

  const refused = (request: FastifyRequest, reply: FastifyReply, context: GroupContext, error: Parameters<typeof formErrorMessage>[0]) =>
    render(request, reply, context, { error: formErrorMessage(error), status: formErrorStatus(error) });

  return [
    { method: 'GET', page: /^group_members$/, handle: (request, reply, context) => render(request, reply, context, {}) },
    {
      method: 'POST',
      page: /^group_members$/,
      handle: async (request, reply, context) => {
        const { principal } = signedIn(request);
        const body = formBody(request.body);
        const username = field(body, 'username');
        const levelText = field(body, 'access_level');
        const expiresAt = postedExpiry(body) ?? null;
        const addValues = { username, accessLevel: /^\d+$/.test(levelText) ? Number(levelText) : AccessLevel.Developer, expiresAt: expiresAt ?? '' };
        const result = await tryForm(() =>
          addGroupMember(deps, principal, { group: context.group.id, user: { username }, accessLevel: postedLevel(levelText), expiresAt }),
        );
        if (!result.ok) return render(request, reply, context, { addValues, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
        return redirectAfterPost(reply, `${groupMembersPath(context.group)}?notice=member_added`);
      },
    },
    {
      method: 'POST',
      page: /^group_members\/(\d+)$/,
      handle: async (request, reply, context, [userId]) => {
        const { principal } = signedIn(request);
        const body = formBody(request.body);
        const result = await tryForm(async () => {
          const accessLevel = postedLevel(field(body, 'access_level'));
          return updateGroupMember(deps, principal, { group: context.group.id, userId: userId!, accessLevel, expiresAt: postedExpiry(body) });
        });
        if (!result.ok) return refused(request, reply, context, result.error);
        return redirectAfterPost(reply, `${groupMembersPath(context.group)}?notice=member_updated`);
      },
    },
    {
      method: 'POST',
      page: /^group_members\/(\d+)\/remove$/,
      handle: async (request, reply, context, [userId]) => {
        const { principal, user } = signedIn(request);
        const result = await tryForm(() => removeGroupMember(deps, principal, { group: context.group.id, userId: userId! }));
        if (!result.ok) return refused(request, reply, context, result.error);
        if (userId === user.id) return redirectAfterPost(reply, '/dashboard/groups?notice=left_group');
        return redirectAfterPost(reply, `${groupMembersPath(context.group)}?notice=member_removed`);
      },
    },
  ];
}
