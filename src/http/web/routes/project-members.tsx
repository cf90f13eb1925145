import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_LEVELS, AccessLevel, isAccessLevel } from '../../../domain/access-levels.ts';
import { invalidParam, notFound } from '../../../domain/errors.ts';
import { earliestMemberExpiry } from '../../../domain/membership.ts';
import type { Deps } from '../../../deps.ts';
import type { MemberWithUser } from '../../../db/repositories/members.ts';
import type { AnyMember } from '../../../services/members/read-group-members.ts';
import { canAssignLevel, canEditMember, canRemoveMember, type MemberTarget } from '../../../policies/member-policies.ts';
import { addProjectMember } from '../../../services/members/add-project-member.ts';
import { listProjectMembers } from '../../../services/members/read-project-members.ts';
import { findVisibleProject, type ProjectContext } from '../../../services/projects/project-context.ts';
import { removeProjectMember } from '../../../services/members/remove-project-member.ts';
import { updateProjectMember } from '../../../services/members/update-project-member.ts';
import { formErrorMessage, formErrorStatus, tryForm } from '../form-errors.ts';
import { field, formBody, pageNumber, type FormBody } from '../form.ts';
import { noticeOf } from '../notices.ts';
import { ProjectMembersPage } from '../pages/project-members.tsx';
import { idOf, projectMembersPath, projectRefOf } from '../paths.ts';
import { redirectAfterPost, sendPage } from '../render.ts';
import { signedIn, viewOf } from '../web-context.ts';

export interface MembersOutcome {
  addValues?: { username: string; accessLevel: number; expiresAt: string };
  error?: string | null;
  status?: number;
}

export function postedLevel(value: string): number {
  const level = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!isAccessLevel(level)) throw invalidParam('access_level does not have a valid value');
  return level;
}

/** A posted date field: blank is no expiry; a form without the field leaves the date as it is. */
export function postedExpiry(body: FormBody): string | null | undefined {
  if (body.expires_at === undefined) return undefined;
  const value = field(body, 'expires_at').trim();
  return value === '' ? null : value;
}

export const memberTarget = ({ user, member }: AnyMember): MemberTarget => ({ userId: user.id, userType: user.user_type, level: member.access_level });

export function memberRoutes(deps: Deps) {
  async function render(request: FastifyRequest, reply: FastifyReply, context: ProjectContext, outcome: MembersOutcome) {
    const { principal } = signedIn(request);
    const members = await listProjectMembers(deps, principal, {
      project: context.project.id,
      page: { page: pageNumber(request.query), perPage: 50 },
    });
    // Which controls to draw; the services decide again when a form is posted.
    const assignable = ACCESS_LEVELS.filter((level) => canAssignLevel(context.facts, level));
    const data = {
      members,
      assignable,
      canEdit: (entry: MemberWithUser) => canEditMember(context.facts, memberTarget(entry)),
      canRemove: (entry: MemberWithUser) => canRemoveMember(context.facts, memberTarget(entry)),
      addValues: outcome.addValues ?? { username: '', accessLevel: AccessLevel.Developer, expiresAt: '' },
      minExpiry: earliestMemberExpiry(deps.clock.now()),
      error: outcome.error ?? null,
      notice: noticeOf(request.query),
    };
    return sendPage(reply, <ProjectMembersPage view={viewOf(request)} context={context} data={data} />, outcome.status ?? 200);
  }

  const contextOf = (request: FastifyRequest) => findVisibleProject(deps, signedIn(request).principal, projectRefOf(request.params));

  return async (app: FastifyInstance): Promise<void> => {
    const path = '/:namespace/:project/-/project_members';

    app.get(path, async (request, reply) => render(request, reply, await contextOf(request), {}));

    app.post(path, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const body = formBody(request.body);
      const username = field(body, 'username');
      const levelText = field(body, 'access_level');
      const expiresAt = postedExpiry(body) ?? null;
      const addValues = { username, accessLevel: /^\d+$/.test(levelText) ? Number(levelText) : AccessLevel.Developer, expiresAt: expiresAt ?? '' };
      const result = await tryForm(async () => {
        const accessLevel = postedLevel(levelText);
        // A bot is refused with the API's own message; an unknown name after the permission check.
        return addProjectMember(deps, principal, { project: context.project.id, user: { username }, accessLevel, expiresAt });
      });
      if (!result.ok) return render(request, reply, context, { addValues, error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${projectMembersPath(context)}?notice=member_added`);
    });

    app.post(`${path}/:user_id`, async (request, reply) => {
      const { principal } = signedIn(request);
      const context = await contextOf(request);
      const userId = idOf(request.params, 'user_id');
      if (userId === null) throw notFound('Member');
      const body = formBody(request.body);
      const result = await tryForm(async () => {
        const accessLevel = postedLevel(field(body, 'access_level'));
        return updateProjectMember(deps, principal, { project: context.project.id, userId, accessLevel, expiresAt: postedExpiry(body) });
      });
      if (!result.ok) return render(request, reply, context, { error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      return redirectAfterPost(reply, `${projectMembersPath(context)}?notice=member_updated`);
    });

    app.post(`${path}/:user_id/remove`, async (request, reply) => {
      const { principal, user } = signedIn(request);
      const context = await contextOf(request);
      const userId = idOf(request.params, 'user_id');
      if (userId === null) throw notFound('Member');
      const result = await tryForm(() => removeProjectMember(deps, principal, { project: context.project.id, userId }));
      if (!result.ok) return render(request, reply, context, { error: formErrorMessage(result.error), status: formErrorStatus(result.error) });
      if (userId === user.id) return redirectAfterPost(reply, '/?notice=left_project');
      return redirectAfterPost(reply, `${projectMembersPath(context)}?notice=member_removed`);
    });
  };
}
