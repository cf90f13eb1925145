import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registryNotificationSecret } from '../../src/domain/secrets.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { createProject, createProjectToken, type TestProject } from '../helpers/project-tokens.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const EVENTS_PATH = '/api/v4/container_registry_event/events';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

/** A push event as Distribution 2.8 sends it (with includereferences). */
function pushEvent(repository: string, tag: string | undefined, manifest: string, actor: string, mediaType = MANIFEST) {
  return {
    id: `event-${Math.random()}`,
    timestamp: '2026-11-29T12:00:00.000Z',
    action: 'push',
    target: {
      mediaType,
      size: 400,
      digest: manifest,
      length: 400,
      repository,
      url: `http://127.0.0.1:5000/v2/${repository}/manifests/${manifest}`,
      ...(tag !== undefined && { tag }),
      references: [
        { mediaType: 'application/vnd.oci.image.config.v1+json', size: 100, digest: digest(900) },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', size: 2048, digest: digest(901) },
      ],
    },
    request: { id: 'r', addr: '127.0.0.1:1234', host: '127.0.0.1:5000', method: 'PUT', useragent: 'skopeo/1.9.3' },
    actor: { name: actor },
    source: { addr: 'host:5000', instanceID: 'i' },
  };
}

for (const dialect of DIALECTS) {
  describe(`registry notifications and GET /projects/:id/registry/repositories (${dialect})`, () => {
    let t: TestApp;
    let demo: TestProject;
    let secret: string;

    const notify = (events: unknown[], authorization: string | null = secret, contentType = 'application/vnd.docker.distribution.events.v1+json') =>
      t.app.http.inject({
        method: 'POST',
        url: EVENTS_PATH,
        headers: { 'content-type': contentType, ...(authorization !== null && { authorization }) },
        payload: JSON.stringify({ events }),
      });

    before(async () => {
      t = await startTestApp(dialect, { LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5000' });
      secret = registryNotificationSecret(t.app.deps.secret);
      demo = await createProject(t, t.rootToken, 'demo');
    });
    after(() => t.close());

    test('POST /container_registry_event/events returns 401 without the shared secret and records nothing', async () => {
      const bot = await createProjectToken(t, demo.id, { scopes: ['write_registry'] });
      for (const authorization of [null, 'wrong', `${secret}x`, secret.slice(1), `Bearer ${secret}`]) {
        const res = await notify([pushEvent('root/demo', 'nope', digest(1), bot.body.name)], authorization);
        assert.equal(res.statusCode, 401, String(authorization).slice(0, 3));
        assert.deepEqual(JSON.parse(res.body), { message: '401 Unauthorized' });
      }
      const repositories = await t.api('GET', `/projects/${demo.id}/registry/repositories`);
      assert.deepEqual(repositories.body, []);
    });

    test('a tag push is recorded as a repository, a tag and a "pushed new" project event by the pusher', async () => {
      const bot = await createProjectToken(t, demo.id, { scopes: ['read_registry', 'write_registry'], access_level: 30 });
      const username = (await t.api('GET', `/users/${bot.userId}`)).body.username;
      const res = await notify([
        // Blob pushes and pulls come too; only manifests by tag count.
        { ...pushEvent('root/demo', undefined, digest(901), username, 'application/octet-stream'), action: 'push' },
        pushEvent('root/demo', 'v1', digest(2), username),
        { ...pushEvent('root/demo', 'v1', digest(2), username), action: 'pull' },
      ]);
      assert.equal(res.statusCode, 200);

      const repositories = await t.api('GET', `/projects/${demo.id}/registry/repositories?tags=true&tags_count=true`);
      assert.equal(repositories.status, 200);
      assert.equal(repositories.headers['x-total'], '1');
      const [repository] = repositories.body;
      assert.deepEqual(repository, {
        id: repository.id,
        name: '',
        path: 'root/demo',
        project_id: demo.id,
        location: '127.0.0.1:5000/root/demo',
        created_at: t.clock.now().toISOString(),
        cleanup_policy_started_at: null,
        status: null,
        tags_count: 1,
        tags: [{ name: 'v1', path: 'root/demo:v1', location: '127.0.0.1:5000/root/demo:v1' }],
      });

      const tags = await t.api('GET', `/projects/${demo.id}/registry/repositories/${repository.id}/tags`);
      assert.deepEqual(tags.body, [{ name: 'v1', path: 'root/demo:v1', location: '127.0.0.1:5000/root/demo:v1' }]);
      const details = await t.api('GET', `/projects/${demo.id}/registry/repositories/${repository.id}/tags/v1`);
      assert.deepEqual(details.body, {
        name: 'v1',
        path: 'root/demo:v1',
        location: '127.0.0.1:5000/root/demo:v1',
        revision: digest(900).slice(7),
        short_revision: digest(900).slice(7, 16),
        digest: digest(2),
        created_at: t.clock.now().toISOString(),
        total_size: 2148,
      });

      const events = await t.api('GET', `/projects/${demo.id}/events`);
      const pushes = events.body.filter((e: any) => e.target_type === 'ContainerRepository');
      assert.equal(pushes.length, 1);
      assert.equal(pushes[0].action_name, 'pushed new');
      assert.equal(pushes[0].author_username, username);
      assert.equal(pushes[0].author_id, bot.userId);
      assert.equal(pushes[0].target_title, 'root/demo:v1');
      assert.equal(pushes[0].push_data.ref, 'v1');
      assert.equal(pushes[0].push_data.commit_to, digest(2));
    });

    test('a redelivered notification changes nothing; a new digest on the tag is "pushed to"', async () => {
      const before = (await t.api('GET', `/projects/${demo.id}/events`)).body.length;
      assert.equal((await notify([pushEvent('root/demo', 'v1', digest(2), 'root')])).statusCode, 200);
      assert.equal((await t.api('GET', `/projects/${demo.id}/events`)).body.length, before);
      assert.equal((await notify([pushEvent('root/demo', 'v1', digest(3), 'root')])).statusCode, 200);
      const events = (await t.api('GET', `/projects/${demo.id}/events`)).body;
      assert.equal(events.length, before + 1);
      assert.equal(events[0].action_name, 'pushed to');
      assert.equal(events[0].author_username, 'root');
      assert.equal(events[0].push_data.commit_from, digest(2));
    });

    test('an image below the project path is its own repository; one outside any project is ignored', async () => {
      const res = await notify([
        pushEvent('root/demo/app', 'latest', digest(4), 'root'),
        pushEvent('root/nosuchproject', 'latest', digest(5), 'root'),
        pushEvent('lonely', 'latest', digest(6), 'root'),
        pushEvent('root/demo/../evil', 'latest', digest(7), 'root'),
      ]);
      assert.equal(res.statusCode, 200);
      const repositories = (await t.api('GET', `/projects/${demo.id}/registry/repositories`)).body;
      assert.deepEqual(
        repositories.map((r: any) => [r.name, r.path]),
        [
          ['', 'root/demo'],
          ['app', 'root/demo/app'],
        ],
      );
    });

    test('a tag delete removes the tag and records a "deleted" event; a manifest delete removes the tags on it', async () => {
      await notify([pushEvent('root/demo', 'gone', digest(8), 'root'), pushEvent('root/demo', 'gone-too', digest(8), 'root')]);
      const repository = (await t.api('GET', `/projects/${demo.id}/registry/repositories`)).body[0];
      const names = async () => (await t.api('GET', `/projects/${demo.id}/registry/repositories/${repository.id}/tags`)).body.map((tag: any) => tag.name);
      assert.deepEqual(await names(), ['gone', 'gone-too', 'v1']);

      await notify([{ action: 'delete', target: { repository: 'root/demo', tag: 'v1' }, actor: { name: 'root' } }]);
      assert.deepEqual(await names(), ['gone', 'gone-too']);
      const [deleted] = (await t.api('GET', `/projects/${demo.id}/events`)).body;
      assert.equal(deleted.action_name, 'deleted');
      assert.equal(deleted.target_title, 'root/demo:v1');

      await notify([{ action: 'delete', target: { repository: 'root/demo', digest: digest(8) }, actor: { name: 'root' } }]);
      assert.deepEqual(await names(), []);
      const missing = await t.api('GET', `/projects/${demo.id}/registry/repositories/${repository.id}/tags/v1`);
      assert.equal(missing.status, 404);
    });

    test("a revoked bot's pushes move to the ghost user", async () => {
      const project = await createProject(t, t.rootToken, 'ghostly');
      const bot = await createProjectToken(t, project.id, { scopes: ['write_registry'] });
      const username = (await t.api('GET', `/users/${bot.userId}`)).body.username;
      await notify([pushEvent('root/ghostly', 'v1', digest(10), username)]);
      assert.equal((await t.api('DELETE', `/projects/${project.id}/access_tokens/${bot.id}`)).status, 204);
      const [event] = (await t.api('GET', `/projects/${project.id}/events`)).body.filter((e: any) => e.target_type === 'ContainerRepository');
      assert.equal(event.author_username, 'ghost');
    });

    test('a malformed body is 400; application/json is accepted too', async () => {
      const bad = await t.app.http.inject({
        method: 'POST',
        url: EVENTS_PATH,
        headers: { 'content-type': 'application/json', authorization: secret },
        payload: JSON.stringify({ nothing: true }),
      });
      assert.equal(bad.statusCode, 400);
      assert.equal((await notify([], secret, 'application/json')).statusCode, 200);
    });

    test('listing needs read_container_image and Reporter+ on a private project; public projects list to anyone', async () => {
      const url = `/projects/${demo.id}/registry/repositories`;
      const readApi = await createProjectToken(t, demo.id, { scopes: ['read_api'], access_level: 20 });
      assert.equal((await t.api('GET', url, { token: readApi.token })).status, 200);
      const guest = await createProjectToken(t, demo.id, { scopes: ['read_api'], access_level: 10 });
      assert.deepEqual(await t.api('GET', url, { token: guest.token }).then((r) => [r.status, r.body]), [403, { message: '403 Forbidden' }]);
      const gitOnly = await createProjectToken(t, demo.id, { scopes: ['read_repository'], access_level: 40 });
      assert.equal((await t.api('GET', url, { token: gitOnly.token })).status, 403);
      assert.equal((await t.api('GET', url, { token: gitOnly.token })).body.error, 'insufficient_scope');
      const stranger = await t.createUser('stranger');
      assert.deepEqual(await t.api('GET', url, { token: stranger.token }).then((r) => [r.status, r.body]), [404, { message: '404 Project Not Found' }]);
      assert.equal((await t.api('GET', url, { token: null })).status, 404);

      const open = await createProject(t, t.rootToken, 'open', 'public');
      await notify([pushEvent('root/open', 'v1', digest(11), 'root')]);
      const anonymous = await t.api('GET', `/projects/${open.id}/registry/repositories?tags=true`, { token: null });
      assert.equal(anonymous.status, 200);
      assert.deepEqual(anonymous.body[0].tags.map((tag: any) => tag.name), ['v1']);
      const otherRepository = (await t.api('GET', `/projects/${demo.id}/registry/repositories`)).body[0].id;
      assert.equal((await t.api('GET', `/projects/${open.id}/registry/repositories/${otherRepository}/tags`)).status, 404);
    });

    test('deleting the project removes its repositories and tags', async () => {
      const project = await createProject(t, t.rootToken, 'short-lived');
      await notify([pushEvent('root/short-lived', 'v1', digest(12), 'root')]);
      assert.equal((await t.api('DELETE', `/projects/${project.id}`)).status, 202);
      const count = await t.app.deps.db
        .selectFrom('container_repositories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('path', '=', 'root/short-lived')
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });
  });
}
