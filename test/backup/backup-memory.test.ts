import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createBackup } from '../../src/backup/create-backup.ts';
import { repositoryPath } from '../../src/git/repository-path.ts';
import { GitCli } from '../git/git-cli.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { peakLiveGrowth } from '../helpers/live-memory.ts';
import { startTestApp } from '../helpers/test-app.ts';

const REPOSITORY_BYTES = 50 * 1024 * 1024;
const AUDIT_ROWS = 60_000;
const BOUND = 100 * 1024 * 1024;

for (const dialect of DIALECTS) {
  describe(`backup create on a large instance keeps its memory flat (${dialect})`, () => {
    test(`a ${REPOSITORY_BYTES / 1024 / 1024} MB repository and ${AUDIT_ROWS} rows are archived with less than ${BOUND / 1024 / 1024} MB of live memory growth`, async () => {
      const t = await startTestApp(dialect);
      const git = new GitCli();
      const work = mkdtempSync(path.join(tmpdir(), 'latchkey-backup-memory-'));
      try {
        const project = (await t.api('POST', '/projects', { body: { name: 'big' } })).body;
        // Incompressible content, pushed straight into the bare repository (the backup reads it from disk).
        const clone = git.dir('big');
        assert.equal((await git.git(['init', '--quiet'], { cwd: clone })).code, 0);
        const files: Record<string, Buffer> = {};
        for (let i = 0; i < 10; i++) files[`blob-${i}.bin`] = randomBytes(REPOSITORY_BYTES / 10);
        await git.commit(clone, files, 'large');
        const push = await git.git(['push', '--quiet', repositoryPath(t.config.dataDir, project.id), 'HEAD:refs/heads/main'], { cwd: clone });
        assert.equal(push.code, 0, push.stderr);
        const root = await t.app.deps.db.selectFrom('users').select('id').where('username', '=', 'root').executeTakeFirstOrThrow();
        for (let start = 0; start < AUDIT_ROWS; start += 1000) {
          const rows = Array.from({ length: 1000 }, (_, i) => ({
            entity_type: 'Project',
            entity_id: project.id,
            author_id: root.id,
            author_name: 'root',
            event_name: 'backup_memory_probe',
            target_id: start + i,
            target_type: 'Probe',
            target_details: `row ${start + i} ${'x'.repeat(200)}`,
            custom_message: 'a row of a large instance',
            ip_address: '127.0.0.1',
            created_at: '2026-12-02T00:00:00.000Z',
          }));
          await t.app.deps.db.insertInto('audit_events').values(rows).execute();
        }

        const output = path.join(work, 'large.tar.gz');
        let manifest: Awaited<ReturnType<typeof createBackup>>['manifest'] | undefined;
        const growth = await peakLiveGrowth(async () => {
          ({ manifest } = await createBackup({ config: t.config, secret: t.app.deps.secret, clock: t.clock, output }));
        });
        assert.ok(statSync(output).size > REPOSITORY_BYTES, 'the repository is in the archive');
        assert.equal(manifest!.tables.find((table) => table.name === 'audit_events')!.rows >= AUDIT_ROWS, true);
        assert.ok(growth < BOUND, `live memory grew by ${Math.round(growth / 1024 / 1024)} MB`);
      } finally {
        git.close();
        rmSync(work, { recursive: true, force: true });
        await t.close();
      }
    });
  });
}
