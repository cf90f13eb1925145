import { sql, type Insertable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { WebhookRow, WebhooksTable } from '../schema.ts';

/**
 * The hooks an event of the project reaches, oldest first: the project's own and those of its
 * group and every ancestor group, as the project sits now (one query).
 */
export async function listHooksReachingProject(db: Db, projectId: number): Promise<WebhookRow[]> {
  const { rows } = await sql<WebhookRow>`with recursive chain(id) as (
      select namespace_id from projects where id = ${projectId}
      union all
      select n.parent_id from namespaces n join chain c on n.id = c.id where n.parent_id is not null
    ) select * from webhooks where project_id = ${projectId} or group_id in (select id from chain) order by id`.execute(db);
  return rows;
}

/** The hooks of a group and of every ancestor group, oldest first (an event of the group reaches them). */
export async function listHooksReachingGroup(db: Db, groupId: number): Promise<WebhookRow[]> {
  const { rows } = await sql<WebhookRow>`with recursive chain(id) as (
      select cast(${groupId} as integer)
      union all
      select n.parent_id from namespaces n join chain c on n.id = c.id where n.parent_id is not null
    ) select * from webhooks where group_id in (select id from chain) order by id`.execute(db);
  return rows;
}

/** Who a hook belongs to: a project or a group. */
export type HookOwner = { kind: 'project' | 'group'; id: number };

const ownerColumn = (owner: HookOwner) => (owner.kind === 'project' ? 'project_id' : 'group_id');

export type NewWebhook = Omit<Insertable<WebhooksTable>, 'id' | 'recent_failures' | 'backoff_count' | 'disabled_until' | 'permanently_disabled'>;
export type WebhookChanges = Partial<Omit<NewWebhook, 'project_id' | 'group_id' | 'created_at'>> & { updated_at: string };

export async function insertHook(db: Db, hook: NewWebhook): Promise<WebhookRow> {
  return db
    .insertInto('webhooks')
    .values({ ...hook, recent_failures: 0, backoff_count: 0, disabled_until: null, permanently_disabled: 0 })
    .returningAll().executeTakeFirstOrThrow();
}

/** One hook of a project or group; another's hook is not found. */
export async function findOwnedHook(db: Db, owner: HookOwner, hookId: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', hookId).where(ownerColumn(owner), '=', owner.id).executeTakeFirst();
}

/** The ids of a group's own hooks (deleting the group deletes them). */
export async function listGroupHookIds(db: Db, groupId: number): Promise<number[]> {
  return (await db.selectFrom('webhooks').select('id').where('group_id', '=', groupId).execute()).map((row) => row.id);
}

export async function updateHook(db: Db, hookId: number, changes: WebhookChanges): Promise<WebhookRow> {
  return db.updateTable('webhooks').set(changes).where('id', '=', hookId).returningAll().executeTakeFirstOrThrow();
}

/** Deletes the hook; its queued deliveries and its delivery log go with it (foreign keys cascade). */
export async function deleteHook(db: Db, hookId: number): Promise<void> {
  await db.deleteFrom('outbox').where('hook_id', '=', hookId).execute();
  await db.deleteFrom('webhook_deliveries').where('hook_id', '=', hookId).execute();
  await db.deleteFrom('webhooks').where('id', '=', hookId).execute();
}

/** A page of a project's or group's hooks, oldest first (GitLab's order). */
export async function pageOwnedHooks(db: Db, owner: HookOwner, page: Page): Promise<Paged<WebhookRow>> {
  return pageOf(db.selectFrom('webhooks').where(ownerColumn(owner), '=', owner.id), page, (query) => query.selectAll().orderBy('id'));
}

export async function findWebhookById(db: Db, id: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Records a hook's auto-disabling state if it is still what `seen` was (another node's delivery may
 * have changed it since): one failure counted once, whichever node saw it. Returns whether it did.
 */
export async function setWebhookFailureState(
  db: Db,
  id: number,
  seen: Pick<WebhookRow, 'recent_failures' | 'disabled_until' | 'permanently_disabled'>,
  next: Pick<WebhookRow, 'recent_failures' | 'backoff_count' | 'disabled_until' | 'permanently_disabled'>,
  now: string,
): Promise<boolean> {
  let query = db
    .updateTable('webhooks')
    .set({ ...next, updated_at: now })
    .where('id', '=', id)
    .where('recent_failures', '=', seen.recent_failures)
    .where('permanently_disabled', '=', seen.permanently_disabled);
  query = seen.disabled_until === null ? query.where('disabled_until', 'is', null) : query.where('disabled_until', '=', seen.disabled_until);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
