import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../helpers/ports.ts';
import { apiCall, startLatchkey } from '../helpers/latchkey-process.ts';
import { startOwnCluster } from '../helpers/postgres-cluster.ts';

async function get(url: string, token: string): Promise<{ status: number; body: string }> {
  // A hang is a failure too: every answer must come well within this.
  const res = await fetch(url, { headers: { 'private-token': token }, signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: await res.text() };
}

test('PostgreSQL stopped during traffic gives clean 503s, and full service returns within seconds of it coming back', async () => {
  const cluster = startOwnCluster(await freePort());
  const server = await startLatchkey({ LATCHKEY_DATABASE_URL: cluster.url });
  try {
    const token = await server.cli(['token', 'create', '--user', 'root', '--name', 'outage', '--scopes', 'api']);
    const project = await apiCall(server.url, token, 'POST', '/projects', { name: 'survivor' });
    const url = `${server.url}/api/v4/projects/${project.id}`;
    assert.equal((await get(url, token)).status, 200);

    cluster.stop();
    const during = await Promise.all([get(url, token), get(url, token), get(`${server.url}/-/readiness`, token)]);
    for (const response of during.slice(0, 2)) {
      assert.equal(response.status, 503, response.body);
      assert.deepEqual(JSON.parse(response.body), { message: '503 Service Unavailable' });
    }
    assert.equal(during[2]!.status, 503, 'readiness reports the outage');

    cluster.start();
    let recovered: { status: number; body: string } | null = null;
    for (let attempt = 0; attempt < 50 && recovered?.status !== 200; attempt++) {
      recovered = await get(url, token);
      if (recovered.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(recovered?.status, 200, 'service came back within 10 s');
    assert.equal(JSON.parse(recovered!.body).name, 'survivor', 'nothing was lost');
  } finally {
    await server.stop();
    cluster.remove();
  }
});
