import type { Db } from '../database.ts';
import type { IssueRow, MergeRequestRow, NoteRow, PipelineRow, ReleaseRow } from '../schema.ts';

/** The newest rows a hook test builds its sample event from (GitLab's TestHooks::ProjectService). */
export async function newestIssue(db: Db, projectId: number): Promise<IssueRow | undefined> {
  return db.selectFrom('issues').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

export async function newestNote(db: Db, projectId: number): Promise<NoteRow | undefined> {
  return db.selectFrom('notes').selectAll().where('project_id', '=', projectId).orderBy('id', 'desc').executeTakeFirst();
}

export async function newestMergeRequest(db: Db, projectId: number): Promise<MergeRequestRow | undefined> {
  return db.selectFrom('merge_requests').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

export async function newestRelease(db: Db, projectId: number): Promise<ReleaseRow | undefined> {
  return db.selectFrom('releases').selectAll().where('project_id', '=', projectId).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

export async function newestPipeline(db: Db, projectId: number): Promise<PipelineRow | undefined> {
  return db.selectFrom('pipelines').selectAll().where('project_id', '=', projectId).orderBy('id', 'desc').executeTakeFirst();
}

/** The issue a sample note is on. */
export async function issueById(db: Db, issueId: number): Promise<IssueRow | undefined> {
  return db.selectFrom('issues').selectAll().where('id', '=', issueId).executeTakeFirst();
}
