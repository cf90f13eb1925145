import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../../bench/lib/ports.ts';
import { apiCall, startLatchkey } from '../../bench/lib/latchkey-process.ts';
import { createTestDatabase } from '../helpers/databases.ts';
import { startHaproxy } from '../helpers/haproxy.ts';

async function status(url: string, token: string): Promise<number> {
  return (await fetch(url, { headers: { 'private-token': token } })).status;
}

test('two nodes on one PostgreSQL behind haproxy: a token created on A works on B, and revoked on B is refused by A at once', async () => {
  const database = await createTestDatabase('postgres');
  assert.equal(database.database.dialect, 'postgres');
  const env = { LATCHKEY_DATABASE_URL: database.database.dialect === 'postgres' ? database.database.url : '' };
  const a = await startLatchkey(env, { dataDir: database.dataDir });
  const b = await startLatchkey(env, { dataDir: database.dataDir });
  const proxy = await startHaproxy(await freePort(), [a.url, b.url]);
  try {
    const root = await a.cli(['token', 'create', '--user', 'root', '--name', 'nodes', '--scopes', 'api']);
    const project = await apiCall(a.url, root, 'POST', '/projects', { name: 'shared' });
    const created = await apiCall(a.url, root, 'POST', `/projects/${project.id}/access_tokens`, { name: 'roaming', scopes: ['read_api'] });
    const path = `/api/v4/projects/${project.id}`;

    // Warm both nodes with the token (any cache now holds it), through the balancer too.
    for (let i = 0; i < 4; i++) assert.equal(await status(`${proxy.url}${path}`, created.token), 200);
    assert.equal(await status(`${a.url}${path}`, created.token), 200);
    assert.equal(await status(`${b.url}${path}`, created.token), 200);

    await apiCall(b.url, root, 'DELETE', `/projects/${project.id}/access_tokens/${created.id}`);
    assert.equal(await status(`${a.url}${path}`, created.token), 401, 'node A still accepted a token revoked on node B');
    for (let i = 0; i < 4; i++) assert.equal(await status(`${proxy.url}${path}`, created.token), 401);

    // The repository directory is shared: a project made on B has its repository where A looks.
    const other = await apiCall(b.url, root, 'POST', '/projects', { name: 'made-on-b' });
    assert.equal((await apiCall(a.url, root, 'GET', `/projects/${other.id}`)).path_with_namespace, 'root/made-on-b');
  } finally {
    await proxy.stop();
    await a.stop();
    await b.stop();
    await database.drop();
  }
});
