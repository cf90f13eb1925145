import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { filesIn, instanceEnv, latchkey, readMembers, tablesOf, writeMembers, type RawMember } from './backup-helpers.ts';

const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

/** Rewrites the manifest so that it matches the members again (what a careful attacker would do). */
function withManifest(members: RawMember[], edit: (manifest: any) => void): RawMember[] {
  return members.map((m) => {
    if (m.header.name !== 'manifest.json') return m;
    const manifest = JSON.parse(m.content.toString());
    edit(manifest);
    return { header: m.header, content: Buffer.from(JSON.stringify(manifest)) };
  });
}

for (const dialect of DIALECTS) {
  describe(`latchkey backup restore refuses a damaged or hostile archive, writing nothing (${dialect})`, () => {
    let work: string;
    let source: TestDatabase;
    let archive: Buffer;
    let members: RawMember[];

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'latchkey-backup-corrupt-'));
      source = await createTestDatabase(dialect);
      const env = instanceEnv(source);
      const token = await latchkey(env, ['token', 'create', '--user', 'root', '--name', 'seed', '--scopes', 'api']);
      assert.equal(token.code, 0, token.stderr);
      const created = await latchkey(env, ['backup', 'create', '--output', path.join(work, 'good.tar.gz')], { bin: true });
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.stdout.trim(), path.join(work, 'good.tar.gz'));
      assert.equal(statSync(path.join(work, 'good.tar.gz')).mode & 0o777, 0o600, 'the archive holds secrets: owner-only');
      archive = readFileSync(path.join(work, 'good.tar.gz'));
      members = await readMembers(archive);
    });

    after(async () => {
      await source.drop();
      rmSync(work, { recursive: true, force: true });
    });

    /** Restores `content` into a fresh instance; expects a refusal matching `reason` and nothing written. */
    async function assertRefused(name: string, content: Buffer, reason: RegExp): Promise<void> {
      const target = await createTestDatabase(dialect);
      const dataDir = path.join(target.dataDir, 'instance');
      try {
        const file = path.join(work, name);
        writeFileSync(file, content);
        const res = await latchkey(instanceEnv(target, dataDir), ['backup', 'restore', file]);
        assert.equal(res.code, 1, `${name}: ${res.stdout}${res.stderr}`);
        const lines = res.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, res.stderr);
        assert.match(lines[0]!, /^latchkey backup restore: refused: /);
        assert.match(lines[0]!, reason);
        assert.deepEqual(filesIn(dataDir), [], `${name}: nothing written to the data dir`);
        assert.deepEqual(await tablesOf({ ...target, database: dialect === 'sqlite' ? { dialect, file: path.join(dataDir, 'latchkey.sqlite3') } : target.database }), [], `${name}: nothing written to the database`);
      } finally {
        await target.drop();
      }
    }

    test('a flipped byte inside a member is refused: the member does not match its checksum', async () => {
      const tampered = members.map((m) => {
        if (!m.header.name.endsWith('-users.ndjson')) return m;
        const content = Buffer.from(m.content);
        content[10] = content[10]! ^ 0x01;
        return { header: m.header, content };
      });
      await assertRefused('flipped.tar.gz', await writeMembers(tampered), /users\.ndjson does not match its checksum/);
    });

    test('a truncated archive is refused as damaged', async () => {
      await assertRefused('truncated.tar.gz', archive.subarray(0, Math.floor(archive.length / 2)), /damaged|no manifest/);
    });

    test('a flipped byte in the compressed file is refused as damaged', async () => {
      const damaged = Buffer.from(archive);
      damaged[Math.floor(damaged.length / 2)] = damaged[Math.floor(damaged.length / 2)]! ^ 0xff;
      await assertRefused('gzip-damaged.tar.gz', damaged, /damaged|checksum|manifest/);
    });

    test('a tampered manifest (a row count changed) is refused', async () => {
      const tampered = withManifest(members, (manifest) => {
        manifest.tables.find((t: { name: string }) => t.name === 'users').rows += 1;
      });
      await assertRefused('manifest-rows.tar.gz', await writeMembers(tampered), /table users has \d+ rows in the archive, manifest\.json says \d+/);
    });

    test('a tampered manifest (a checksum changed) is refused', async () => {
      const tampered = withManifest(members, (manifest) => {
        manifest.members['instance/secret'].sha256 = '0'.repeat(64);
      });
      await assertRefused('manifest-sum.tar.gz', await writeMembers(tampered), /instance\/secret does not match its checksum/);
    });

    test('an archive without its manifest is refused', async () => {
      await assertRefused('no-manifest.tar.gz', await writeMembers(members.filter((m) => m.header.name !== 'manifest.json')), /no manifest\.json/);
    });

    for (const [label, header, reason] of [
      ['a ../ entry', { name: '../escaped', type: 'file' }, /"\.\.\/escaped" is not part of a Latchkey backup/],
      ['a registry entry climbing out with ..', { name: 'registry-storage/../../escaped', type: 'file' }, /is not part of a Latchkey backup/],
      ['an absolute path', { name: '/tmp/escaped', type: 'file' }, /"\/tmp\/escaped" is not part of a Latchkey backup/],
      ['a symlink', { name: 'registry-storage/docker/link', type: 'symlink', linkname: '/etc/passwd' }, /is a symlink, not a regular file/],
      ['a hard link', { name: 'registry-storage/docker/hard', type: 'link', linkname: '../../etc/passwd' }, /is a link, not a regular file/],
      ['an unknown member', { name: 'notes.txt', type: 'file' }, /"notes\.txt" is not part of a Latchkey backup/],
    ] as const) {
      test(`${label} is refused before anything is written`, async () => {
        const hostile = [{ header: { ...header } as RawMember['header'], content: Buffer.from('x') }, ...members];
        await assertRefused(`hostile-${label.replace(/\W+/g, '-')}.tar.gz`, await writeMembers(hostile), reason);
      });
    }

    test('an archive whose schema is newer than the code is refused, naming both versions', async () => {
      const tampered = withManifest(members, (manifest) => {
        manifest.schemaVersion = '2099-01-01T00-from-the-future';
      });
      await assertRefused('future.tar.gz', await writeMembers(tampered), /schema 2099-01-01T00-from-the-future is newer than this Latchkey's \(\d{4}-/);
    });

    test('a non-empty instance is refused without --force, and replaced with it', async () => {
      const target = await createTestDatabase(dialect);
      try {
        const env = instanceEnv(target);
        const other = await latchkey(env, ['token', 'create', '--user', 'root', '--name', 'other', '--scopes', 'api']);
        assert.equal(other.code, 0, other.stderr);
        const file = path.join(work, 'good.tar.gz');
        const refused = await latchkey(env, ['backup', 'restore', file]);
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /^latchkey backup restore: refused: the data dir .* is not empty \(it holds secret\); pass --force to replace it\n$/);
        const forced = await latchkey(env, ['backup', 'restore', file, '--force'], { bin: true });
        assert.equal(forced.code, 0, forced.stderr);
        const secret = members.find((m) => m.header.name === 'instance/secret')!.content;
        assert.equal(sha256(readFileSync(path.join(target.dataDir, 'secret'))), sha256(secret), 'the archived instance secret is in place');
      } finally {
        await target.drop();
      }
    });
  });
}
