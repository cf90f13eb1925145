import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { openInstance, type OpenInstance } from '../../src/open-instance.ts';
import { queueHookEvent } from '../../src/services/webhooks/queue-hook-event.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { apiCall, startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';
import { insertHook } from '../helpers/webhook-fixtures.ts';
import { startWebhookReceiver, type ReceivedHook, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

// Webhooks survive a crash and are delivered once by a cluster: real server processes (the
// production build) on one database, events queued straight into it as a committed change
// queues them, and a real receiver counting what arrives by X-Gitlab-Event-UUID.

/** The same instance as the servers (same data dir, so the same instance secret), opened from the test. */
async function openDirect(database: TestDatabase): Promise<OpenInstance> {
  const config = { ...loadConfig({ LATCHKEY_DATA_DIR: database.dataDir, LATCHKEY_LOG_LEVEL: 'silent' }), database: database.database };
  return openInstance(config, { log: createLogger('silent'), readCache: false, bootstrap: false });
}

async function queueEvents(direct: OpenInstance, projectId: number, count: number, from = 0): Promise<void> {
  await direct.deps.db.transaction().execute(async (trx) => {
    for (let n = from; n < from + count; n++) {
      await queueHookEvent(trx, direct.deps, { projectId, trigger: 'issues_events', event: 'Issue Hook', body: { object_kind: 'issue', n } });
    }
  });
}

/** Answered deliveries per event UUID. */
function answeredPerEvent(requests: ReceivedHook[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    if (request.answeredWith !== 200) continue;
    const uuid = String(request.headers['x-gitlab-event-uuid']);
    counts.set(uuid, (counts.get(uuid) ?? 0) + 1);
  }
  return counts;
}

for (const dialect of DIALECTS) {
  describe(`webhook durability (${dialect})`, () => {
    let database: TestDatabase;
    let receiver: WebhookReceiver;
    let env: Record<string, string>;
    const servers: LatchkeyProcess[] = [];
    const start = async () => {
      const server = await startLatchkey(env, { dataDir: database.dataDir });
      servers.push(server);
      return server;
    };

    before(async () => {
      database = await createTestDatabase(dialect);
      receiver = await startWebhookReceiver();
      env = {
        LATCHKEY_DATABASE_URL: database.database.dialect === 'postgres' ? database.database.url : `sqlite:${database.database.file}`,
        LATCHKEY_ALLOW_LOCAL_WEBHOOKS: 'true',
      };
    });
    after(async () => {
      for (const server of servers) await server.stop();
      await receiver.close();
      await database.drop();
    });

    test('events queued before a crash, and those cut off mid-delivery by it, are delivered after the restart', async () => {
      const first = await start();
      const root = await first.cli(['token', 'create', '--user', 'root', '--name', 'durability', '--scopes', 'api']);
      const project = await apiCall(first.url, root, 'POST', '/projects', { name: 'durable' });
      const direct = await openDirect(database);
      try {
        await insertHook(direct.deps, project.id, `${receiver.url}/durable`);
        // The receiver takes the requests but never answers: the server dies while delivering.
        receiver.setFallback({ hang: true });
        await queueEvents(direct, project.id, 5);
        await receiver.waitFor((requests) => requests.some((r) => r.path === '/durable'), 15_000);
        await first.crash();
        await queueEvents(direct, project.id, 5, 5);

        receiver.setFallback({ status: 200 });
        // The dead node's claims run out after their lease (a minute); the test lets that minute pass.
        await direct.deps.db.updateTable('outbox').set({ claimed_until: '2000-01-01T00:00:00.000Z' }).where('claimed_until', 'is not', null).execute();
        await start();
        const requests = await receiver.waitFor((all) => answeredPerEvent(all.filter((r) => r.path === '/durable')).size === 10, 30_000);
        const delivered = requests.filter((r) => r.path === '/durable' && r.answeredWith === 200).map((r) => r.body.n);
        assert.deepEqual([...new Set(delivered)].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      } finally {
        await direct.close();
      }
    });

    test('two nodes on one database deliver each of 200 events exactly once', async () => {
      while (servers.length > 0) await servers.pop()!.stop();
      const a = await start();
      await start();
      const root = await a.cli(['token', 'create', '--user', 'root', '--name', 'two-nodes', '--scopes', 'api']);
      const project = await apiCall(a.url, root, 'POST', '/projects', { name: 'clustered' });
      const direct = await openDirect(database);
      try {
        await insertHook(direct.deps, project.id, `${receiver.url}/clustered`);
        for (let batch = 0; batch < 4; batch++) await queueEvents(direct, project.id, 50, batch * 50);
        await receiver.waitFor((all) => answeredPerEvent(all.filter((r) => r.path === '/clustered')).size === 200, 60_000);
        // Everything is sent once the queue is empty; only then is "no second delivery" a fact.
        for (let waited = 0; ; waited += 100) {
          const left = await direct.deps.db.selectFrom('outbox').select('id').execute();
          if (left.length === 0) break;
          assert.ok(waited < 30_000, 'the outbox empties');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const counts = answeredPerEvent(receiver.requests.filter((r) => r.path === '/clustered'));
        assert.equal(counts.size, 200);
        assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], 'no event delivered twice');
        const log = await direct.deps.db.selectFrom('webhook_deliveries').select('uuid').where('url', 'like', '%/clustered').execute();
        assert.equal(log.length, 200);
      } finally {
        await direct.close();
      }
    });
  });
}
