import { sql } from 'kysely';
import type { Db } from '../database.ts';
import type { OutboxRow } from '../schema.ts';

export type OutboxKind = OutboxRow['kind'];

export interface NewOutboxMessage {
  kind: OutboxKind;
  hookId: number | null;
  /** X-Gitlab-Event-UUID for a webhook; any unique id for a mail. */
  uuid: string;
  /** Serialized as JSON; what the kind's sender reads back. */
  payload: unknown;
}

/** Queues messages in the caller's transaction: they exist exactly when the change that caused them does. */
export async function enqueueOutbox(db: Db, messages: NewOutboxMessage[], now: string): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('outbox')
    .values(
      messages.map((message) => ({
        kind: message.kind,
        hook_id: message.hookId,
        uuid: message.uuid,
        payload: JSON.stringify(message.payload),
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      })),
    )
    .execute();
}

/**
 * Claims up to `limit` due messages for `node` until `leaseUntil`, in one statement: a message is
 * due when its next attempt has come and nobody holds an unexpired claim on it. On PostgreSQL rows
 * another node is claiming right now are skipped (`for update skip locked`); SQLite has one writer.
 * Each claim counts as an attempt.
 */
export async function claimDueOutbox(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  input: { node: string; now: string; leaseUntil: string; limit: number },
): Promise<OutboxRow[]> {
  const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
  const result = await sql<OutboxRow>`
    update outbox set claimed_by = ${input.node}, claimed_until = ${input.leaseUntil}, attempts = attempts + 1
    where id in (
      select id from outbox
      where next_attempt_at <= ${input.now} and (claimed_until is null or claimed_until < ${input.now})
      order by next_attempt_at, id limit ${input.limit} ${lock}
    )
    returning *`.execute(db);
  return [...result.rows].sort((a, b) => a.id - b.id);
}

/** Done with a message (delivered or given up): removed, if this node still holds it. */
export async function removeOutboxMessage(db: Db, id: number, node: string): Promise<void> {
  await db.deleteFrom('outbox').where('id', '=', id).where('claimed_by', '=', node).execute();
}

/** Tries a message again at `at`, releasing this node's claim. */
export async function retryOutboxMessage(db: Db, id: number, node: string, at: string, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: at, claimed_until: null, claimed_by: null, last_error: error.slice(0, 2000) })
    .where('id', '=', id)
    .where('claimed_by', '=', node)
    .execute();
}

/** Gives back this node's claims on messages it will not send after all (it is stopping): due again at once, for any node. */
export async function releaseOutboxClaims(db: Db, ids: number[], node: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ claimed_until: null, claimed_by: null }).where('id', 'in', ids).where('claimed_by', '=', node).execute();
}

/** Messages still to send (the queue depth), optionally of one kind. */
export async function countOutbox(db: Db, kind?: OutboxKind): Promise<number> {
  let query = db.selectFrom('outbox').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (kind) query = query.where('kind', '=', kind);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
