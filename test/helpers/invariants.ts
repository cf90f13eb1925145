import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { runGit } from '../../src/git/run-git.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';

/**
 * The promises a crash must never break. Returns the broken ones, in words (empty when all hold):
 * every active project or group token has exactly one bot with exactly one membership (of its project or group); no bot without an
 * active token; no revoked-only bot left; every record has an existing author; every project's
 * repository passes `git fsck`; SQLite's integrity_check is ok.
 */
export async function brokenInvariants(db: Db, dialect: 'sqlite' | 'postgres', dataDir: string): Promise<string[]> {
  const broken: string[] = [];
  // Project and group access tokens: a group token's bot has exactly one group membership, in its group.
  const activeBotTokens = await db
    .selectFrom('personal_access_tokens')
    .select(['id', 'user_id', 'project_id', 'group_id'])
    .where((eb) => eb.or([eb('project_id', 'is not', null), eb('group_id', 'is not', null)]))
    .where('revoked', '=', 0)
    // A token rotated away with a grace period is on its way out: its successor is the bot's token.
    .where('superseded_at', 'is', null)
    .execute();
  const bots = await db.selectFrom('users').select(['id', 'bot_project_id']).where('user_type', '=', 'project_bot').execute();
  const botIds = new Set(bots.map((b) => b.id));
  const memberships = [
    ...(await db.selectFrom('members').select(['user_id', 'project_id']).execute()).map((m) => ({ user_id: m.user_id, where: `project ${m.project_id}` })),
    ...(await db.selectFrom('group_members').select(['user_id', 'group_id']).execute()).map((m) => ({ user_id: m.user_id, where: `group ${m.group_id}` })),
  ];
  for (const token of activeBotTokens) {
    if (!botIds.has(token.user_id)) broken.push(`active token ${token.id} has no bot user`);
    const own = memberships.filter((m) => m.user_id === token.user_id);
    const expected = token.project_id !== null ? `project ${token.project_id}` : `group ${token.group_id}`;
    if (own.length !== 1 || own[0]!.where !== expected) {
      broken.push(`active token ${token.id}'s bot has ${own.length} memberships (expected exactly one, in ${expected})`);
    }
  }
  for (const bot of bots) {
    const active = activeBotTokens.filter((t) => t.user_id === bot.id);
    if (active.length !== 1) broken.push(`bot ${bot.id} has ${active.length} active tokens (expected exactly one)`);
  }
  for (const [table, column] of [
    ['issues', 'author_id'],
    ['notes', 'author_id'],
    ['events', 'author_id'],
  ] as const) {
    const orphans = await db
      .selectFrom(table)
      .select('id')
      .where(column, 'not in', db.selectFrom('users').select('id'))
      .execute();
    if (orphans.length > 0) broken.push(`${orphans.length} ${table} have no existing author`);
  }
  if (dialect === 'sqlite') {
    const result = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    const verdict = result.rows.map((r) => r.integrity_check).join(', ');
    if (verdict !== 'ok') broken.push(`sqlite integrity_check: ${verdict}`);
  }
  const projects = await db.selectFrom('projects').select('id').execute();
  for (const project of projects) {
    const dir = repositoryPath(dataDir, project.id);
    if (!existsSync(dir)) {
      broken.push(`project ${project.id} has no repository`);
      continue;
    }
    try {
      await runGit(['fsck', '--no-progress'], { cwd: dir });
    } catch (error) {
      broken.push(`git fsck failed for project ${project.id}: ${(error as Error).message}`);
    }
  }
  return broken;
}
