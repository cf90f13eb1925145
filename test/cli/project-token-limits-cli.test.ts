import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { runBin, runCli, type Finished } from './server-process.ts';

// `latchkey project-token create --allowed-ip/--allowed-ref` and `latchkey project-token update`:
// the first create as users run it (bin/latchkey.js), the others compiled once per run
// (test/helpers/compiled-cli.ts).

function latchkey(t: TestApp, args: string[], run = runCli): Promise<Finished> {
  return run(args, {
    LATCHKEY_DATA_DIR: t.config.dataDir,
    ...(t.config.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: t.config.database.url }),
  });
}

for (const dialect of DIALECTS) {
  describe(`latchkey project-token limits (${dialect})`, () => {
    let t: TestApp;
    let project: TestProject;

    before(async () => {
      t = await startTestApp(dialect);
      project = await createProject(t, t.rootToken, 'cli-limits');
    });
    after(() => t.close());

    test('create with repeated --allowed-ip and --allowed-ref; update changes and clears them; the API shows each step', async () => {
      const created = await latchkey(t, [
        'project-token', 'create', '--project', project.path, '--name', 'fenced', '--scopes', 'api',
        '--allowed-ip', '127.0.0.1', '--allowed-ip', '10.0.0.0/8', '--allowed-ref', 'refs/heads/renovate/*',
      ], runBin);
      assert.equal(created.code, 0, created.stderr);
      const self = await t.api('GET', '/personal_access_tokens/self', { token: created.stdout.trim() });
      assert.deepEqual([self.body.allowed_ips, self.body.allowed_refs], [['127.0.0.1', '10.0.0.0/8'], ['refs/heads/renovate/*']]);
      const id = String(self.body.id);
      const read = async () => (await t.api('GET', `/projects/${project.id}/access_tokens/${id}`)).body;

      const updated = await latchkey(t, ['project-token', 'update', '--project', String(project.id), '--id', id, '--allowed-ref', 'refs/tags/v*', '--allowed-ref', 'refs/heads/bot/*']);
      assert.equal(updated.code, 0, updated.stderr);
      assert.match(updated.stderr, /updated project access token \d+: allowed IPs 127\.0\.0\.1, 10\.0\.0\.0\/8; allowed refs refs\/tags\/v\*, refs\/heads\/bot\/\*/);
      assert.deepEqual([(await read()).allowed_ips, (await read()).allowed_refs], [['127.0.0.1', '10.0.0.0/8'], ['refs/tags/v*', 'refs/heads/bot/*']]);

      const cleared = await latchkey(t, ['project-token', 'update', '--project', project.path, '--id', id, '--clear-allowed-ips']);
      assert.equal(cleared.code, 0, cleared.stderr);
      assert.deepEqual((await read()).allowed_ips, []);
      assert.deepEqual((await read()).allowed_refs, ['refs/tags/v*', 'refs/heads/bot/*']);

      const audit = (await t.api('GET', `/projects/${project.id}/audit_events?per_page=100`)).body.filter((e: any) => e.event_name === 'project_access_token_updated');
      assert.equal(audit.length, 2);
    });

    test('update refuses bad input with a reason and a non-zero exit, and changes nothing', async () => {
      const created = await latchkey(t, ['project-token', 'create', '--project', project.path, '--name', 'plain', '--scopes', 'api']);
      const id = String((await t.api('GET', '/personal_access_tokens/self', { token: created.stdout.trim() })).body.id);
      const nothing = await latchkey(t, ['project-token', 'update', '--project', project.path, '--id', id]);
      assert.notEqual(nothing.code, 0);
      assert.match(nothing.stderr, /--allowed-ip, --allowed-ref, --clear-allowed-ips or --clear-allowed-refs/);
      const bad = await latchkey(t, ['project-token', 'update', '--project', project.path, '--id', id, '--allowed-ip', 'example.com']);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /example\.com/);
      const both = await latchkey(t, ['project-token', 'update', '--project', project.path, '--id', id, '--allowed-ref', 'refs/heads/x', '--clear-allowed-refs']);
      assert.notEqual(both.code, 0);
      const token = (await t.api('GET', `/projects/${project.id}/access_tokens/${id}`)).body;
      assert.deepEqual([token.allowed_ips, token.allowed_refs], [[], []]);
    });
  });
}
