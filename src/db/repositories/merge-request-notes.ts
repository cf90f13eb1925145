import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { MergeRequestNoteRow, MergeRequestNotesTable } from '../schema.ts';

/** Comments (not system notes) per merge request: GitLab's user_notes_count. */
export async function countUserNotesByMergeRequest(db: Db, mergeRequestIds: number[]): Promise<Map<number, number>> {
  if (mergeRequestIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('merge_request_notes')
    .select(['merge_request_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('merge_request_id', 'in', mergeRequestIds)
    .where('system', '=', 0)
    .groupBy('merge_request_id')
    .execute();
  return new Map(rows.map((r) => [r.merge_request_id, Number(r.n)]));
}

/** Unresolved resolvable notes per merge request (GitLab's blocking_discussions_resolved is false while any is left). */
export async function countUnresolvedByMergeRequest(db: Db, mergeRequestIds: number[]): Promise<Map<number, number>> {
  if (mergeRequestIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('merge_request_notes')
    .select(['merge_request_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('merge_request_id', 'in', mergeRequestIds)
    .where('resolvable', '=', 1)
    .where('resolved_at', 'is', null)
    .groupBy('merge_request_id')
    .execute();
  return new Map(rows.map((r) => [r.merge_request_id, Number(r.n)]));
}

/** Of these merge requests, the ones `userId` wrote or commented on (GitLab counts them as subscribed). */
export async function mergeRequestsJoinedBy(db: Db, mergeRequestIds: number[], userId: number): Promise<Set<number>> {
  if (mergeRequestIds.length === 0) return new Set();
  const [authored, commented] = await Promise.all([
    db.selectFrom('merge_requests').select('id').where('id', 'in', mergeRequestIds).where('author_id', '=', userId).execute(),
    db
      .selectFrom('merge_request_notes')
      .select('merge_request_id')
      .distinct()
      .where('merge_request_id', 'in', mergeRequestIds)
      .where('author_id', '=', userId)
      .execute(),
  ]);
  return new Set([...authored.map((row) => row.id), ...commented.map((row) => row.merge_request_id)]);
}

export function insertMergeRequestNote(db: Db, row: Insertable<MergeRequestNotesTable>): Promise<MergeRequestNoteRow> {
  return db.insertInto('merge_request_notes').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findMergeRequestNote(db: Db, mergeRequestId: number, noteId: number): Promise<MergeRequestNoteRow | undefined> {
  return db.selectFrom('merge_request_notes').selectAll().where('merge_request_id', '=', mergeRequestId).where('id', '=', noteId).executeTakeFirst();
}

/** Every note of a merge request, oldest first (ties by id). */
export function notesOfMergeRequest(db: Db, mergeRequestId: number): Promise<MergeRequestNoteRow[]> {
  return db.selectFrom('merge_request_notes').selectAll().where('merge_request_id', '=', mergeRequestId).orderBy('created_at').orderBy('id').execute();
}

export function notesOfDiscussion(db: Db, mergeRequestId: number, discussionId: string): Promise<MergeRequestNoteRow[]> {
  return db
    .selectFrom('merge_request_notes')
    .selectAll()
    .where('merge_request_id', '=', mergeRequestId)
    .where('discussion_id', '=', discussionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function updateMergeRequestNoteRow(db: Db, id: number, changes: Updateable<MergeRequestNotesTable>): Promise<MergeRequestNoteRow> {
  return db.updateTable('merge_request_notes').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Resolves or unresolves every resolvable note of a discussion. */
export async function setDiscussionResolved(db: Db, mergeRequestId: number, discussionId: string, resolvedById: number | null, at: string | null): Promise<void> {
  await db
    .updateTable('merge_request_notes')
    .set({ resolved_by_id: resolvedById, resolved_at: at })
    .where('merge_request_id', '=', mergeRequestId)
    .where('discussion_id', '=', discussionId)
    .where('resolvable', '=', 1)
    .execute();
}

export async function deleteMergeRequestNoteRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('merge_request_notes').where('id', '=', id).execute();
}

/** One page of a merge request's comments (GitLab's notes API), by `orderBy` then id. */
export function pageMergeRequestNotes(
  db: Db,
  mergeRequestId: number,
  order: { by: 'created_at' | 'updated_at'; direction: 'asc' | 'desc' },
  page: Page,
): Promise<Paged<MergeRequestNoteRow>> {
  const filtered = db.selectFrom('merge_request_notes').where('merge_request_id', '=', mergeRequestId).where('system', '=', 0);
  return pageOf(filtered, page, (query) => query.selectAll().orderBy(order.by, order.direction).orderBy('id', order.direction));
}
