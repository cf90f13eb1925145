import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../helpers/ports.ts';
import { apiCall, PROCESS_ROOT_PASSWORD, startLatchkey, type LatchkeyProcess } from '../helpers/latchkey-process.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { startHaproxy } from '../helpers/haproxy.ts';

const BAN_AFTER = 3;

async function status(url: string, token: string): Promise<number> {
  return (await fetch(url, { headers: { 'private-token': token } })).status;
}

const basic = (password: string, username = 'any') => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** A browser in a few lines: a cookie jar that follows the user from one node to the other. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, form?: Record<string, string>): Promise<{ status: number; location: string | null; body: string }> {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  static csrf(html: string): string {
    const match = /name="authenticity_token" value="([^"]*)"/.exec(html);
    assert.ok(match, 'no CSRF token on the page');
    return match[1]!;
  }
}

describe('two nodes on one PostgreSQL behind haproxy, sharing the repository directory', () => {
  let database: TestDatabase;
  let a: LatchkeyProcess;
  let b: LatchkeyProcess;
  let proxy: { url: string; stop(): Promise<void> };
  let root: string;
  let project: { id: number; path_with_namespace: string };

  before(async () => {
    database = await createTestDatabase('postgres');
    assert.equal(database.database.dialect, 'postgres');
    const env = {
      LATCHKEY_DATABASE_URL: database.database.dialect === 'postgres' ? database.database.url : '',
      LATCHKEY_AUTH_BAN_MAX_FAILURES: String(BAN_AFTER),
      LATCHKEY_REGISTRY_URL: 'http://127.0.0.1:5999',
    };
    a = await startLatchkey(env, { dataDir: database.dataDir });
    b = await startLatchkey(env, { dataDir: database.dataDir });
    proxy = await startHaproxy(await freePort(), [a.url, b.url]);
    root = await a.cli(['token', 'create', '--user', 'root', '--name', 'nodes', '--scopes', 'api']);
    project = await apiCall(a.url, root, 'POST', '/projects', { name: 'shared' });
  });
  after(async () => {
    await proxy?.stop();
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  test('a token created on A works on B, and revoked on B is refused by A at once', async () => {
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
  });

  test('a web session signed in on A works on B, and signing out on B ends it on A', async () => {
    const browser = new Browser();
    const form = await browser.request(`${a.url}/users/sign_in`);
    assert.equal(form.status, 200);
    const signedIn = await browser.request(`${a.url}/users/sign_in`, { authenticity_token: Browser.csrf(form.body), login: 'root', password: PROCESS_ROOT_PASSWORD });
    assert.equal(signedIn.status, 303, signedIn.body);
    const onB = await browser.request(`${b.url}/`);
    assert.equal(onB.status, 200, `node B answered ${onB.status} (to ${onB.location})`);
    assert.match(onB.body, /shared/, 'the dashboard on B lists the project');
    assert.equal((await browser.request(`${proxy.url}/`)).status, 200);

    const signedOut = await browser.request(`${b.url}/users/sign_out`, { authenticity_token: Browser.csrf(onB.body) });
    assert.equal(signedOut.status, 303);
    const backOnA = await browser.request(`${a.url}/`);
    assert.equal(backOnA.status, 303);
    assert.equal(backOnA.location, '/users/sign_in');
  });

  // Last: the ban then covers 127.0.0.1, the address both nodes see every client at.
  test(`the failed-auth ban is shared: ${BAN_AFTER} failures on A (git over HTTP and /jwt/auth), and B refuses that address`, async () => {
    const infoRefs = (node: LatchkeyProcess) => `${node.url}/${project.path_with_namespace}.git/info/refs?service=git-upload-pack`;
    const jwt = (node: LatchkeyProcess) => `${node.url}/jwt/auth?service=container_registry&scope=repository:${project.path_with_namespace}:pull`;
    // Before: good credentials work on B.
    assert.equal((await fetch(infoRefs(b), { headers: { authorization: basic(root) } })).status, 200);

    for (let i = 0; i < BAN_AFTER - 1; i++) {
      assert.equal((await fetch(infoRefs(a), { headers: { authorization: basic(`wrong-${i}`, 'root') } })).status, 401);
    }
    assert.equal((await fetch(jwt(a), { headers: { authorization: basic('wrong-again', 'root') } })).status, 401);

    const git = await fetch(infoRefs(b), { headers: { authorization: basic(root) } });
    assert.equal(git.status, 403, 'git over HTTP on node B still let the banned address in');
    assert.match(await git.text(), /Too many failed authentication attempts/);
    const registry = await fetch(jwt(b), { headers: { authorization: basic(root) } });
    assert.equal(registry.status, 403, '/jwt/auth on node B still let the banned address in');
    const browser = new Browser();
    const form = await browser.request(`${b.url}/users/sign_in`);
    const signIn = await browser.request(`${b.url}/users/sign_in`, { authenticity_token: Browser.csrf(form.body), login: 'root', password: PROCESS_ROOT_PASSWORD });
    assert.equal(signIn.status, 403, 'the web sign-in on node B still let the banned address in');
    assert.equal((await fetch(infoRefs({ url: proxy.url } as LatchkeyProcess), { headers: { authorization: basic(root) } })).status, 403);
  });
});
