import { randomUUID } from 'node:crypto';
import { utcDate } from '../../domain/clock.ts';
import type { Db } from '../../db/database.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { findProjectById } from '../../db/repositories/projects.ts';
import { findGroupById } from '../../db/repositories/groups.ts';
import { listGroupOwnerRecipients, listProjectMaintainerRecipients, listRecentTokenActivity, type MailRecipient } from '../../db/repositories/token-notices.ts';
import { findUserById } from '../../db/repositories/users.ts';
import type { TokenRow } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { queueHookEvent } from '../webhooks/queue-hook-event.ts';
import { accessTokenHookBody, groupAccessTokenHookBody } from './access-token-hook.ts';
import { noticeMail, type TokenNotice } from './token-notice-mail.ts';

/** How many recorded uses the `expired` and `revoked` mails list. */
const USES_LISTED = 10;

export interface QueuedNotice {
  mails: number;
  hooks: number;
}

/**
 * Queues one notice about a token in the caller's transaction: a mail to each recipient (a project
 * token's active human Maintainers and Owners; a group token's Owners; a personal token's owner,
 * when an active human) and, for a project or group token, the `access_token` webhook event to the
 * hooks subscribed to `resource_access_token_events` (the project's and its groups', or the group's
 * and its ancestors').
 */
export async function queueTokenNotice(trx: Db, deps: Deps, token: TokenRow, notice: TokenNotice): Promise<QueuedNotice> {
  const now = deps.clock.now();
  const project = token.project_id === null ? null : ((await findProjectById(trx, token.project_id)) ?? null);
  if (token.project_id !== null && project === null) return { mails: 0, hooks: 0 };
  // gtokens: a group access token's notices go to the group's Owners (GitLab's rule).
  const group = token.group_id === null ? null : ((await findGroupById(trx, token.group_id)) ?? null);
  if (token.group_id !== null && group === null) return { mails: 0, hooks: 0 };
  const recipients: MailRecipient[] = project
    ? await listProjectMaintainerRecipients(trx, project.project.id, utcDate(now))
    : group
      ? await listGroupOwnerRecipients(trx, group.id, utcDate(now))
      : await personalTokenOwner(trx, token.user_id);
  const activity = notice.kind === 'expiring' ? [] : await listRecentTokenActivity(trx, token.id, USES_LISTED);
  const facts = { notice, token, project, group, activity, externalUrl: deps.config.externalUrl };
  await enqueueOutbox(
    trx,
    recipients.map((to) => ({ kind: 'email' as const, hookId: null, uuid: randomUUID(), payload: noticeMail(facts, to) })),
    now.toISOString(),
  );
  const trigger = 'resource_access_token_events';
  const event = 'Resource Access Token Hook';
  const hooks = project
    ? await queueHookEvent(trx, deps, { projectId: project.project.id, trigger, event, body: accessTokenHookBody(deps, project, token, notice) })
    : group
      ? await queueHookEvent(trx, deps, { groupId: group.id, trigger, event, body: groupAccessTokenHookBody(group, token, notice) })
      : 0;
  return { mails: recipients.length, hooks };
}

async function personalTokenOwner(trx: Db, userId: number): Promise<MailRecipient[]> {
  const user = await findUserById(trx, userId);
  return user && user.user_type === 'human' && user.state === 'active' ? [{ id: user.id, name: user.name, email: user.email }] : [];
}
