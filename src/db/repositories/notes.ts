import type { Insertable } from 'kysely';
import type { Db } from '../database.ts';
import { pageOf, type Page, type Paged } from '../pagination.ts';
import type { NoteRow, NotesTable } from '../schema.ts';

export function insertNote(db: Db, row: Insertable<NotesTable>): Promise<NoteRow> {
  return db.insertInto('notes').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listNotes(
  db: Db,
  issueId: number,
  direction: 'asc' | 'desc',
  page: Page,
): Promise<Paged<NoteRow>> {
  const query = db.selectFrom('notes').where('issue_id', '=', issueId);
  return pageOf(query, page, (q) => q.selectAll().orderBy('created_at', direction).orderBy('id', direction));
}
