import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../helpers/ports.ts';
import { startLatchkey } from '../helpers/latchkey-process.ts';
import { startOwnCluster } from '../helpers/postgres-cluster.ts';

// The web UI's side of database-outage.test.ts: a browser gets an HTML 503 page with Retry-After,
// as API clients get GitLab's JSON 503, never a 500.

interface Page {
  status: number;
  body: string;
  headers: Headers;
}

/** Just enough of a browser: cookies kept, HTML asked for, redirects not followed. */
class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Page> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000), // a hang is a failure too
      headers: {
        accept: 'text/html,application/xhtml+xml',
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      ...(form && { body: new URLSearchParams(form).toString() }),
    });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, body: await res.text(), headers: res.headers };
  }

  async signIn(login: string, password: string): Promise<Page> {
    const form = await this.request('GET', '/users/sign_in');
    const csrf = /name="authenticity_token" value="([^"]*)"/.exec(form.body)?.[1];
    assert.ok(csrf, 'the sign-in page has a CSRF token');
    return this.request('POST', '/users/sign_in', { authenticity_token: csrf, login, password });
  }
}

function assertUnavailablePage(page: Page, label: string): void {
  assert.equal(page.status, 503, `${label}: ${page.body.slice(0, 300)}`);
  assert.equal(page.headers.get('retry-after'), '5', `${label}: Retry-After`);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/, label);
  assert.match(page.body, /<h1>Service unavailable<\/h1>/, label);
  assert.match(page.body, /Error 503/, label);
  assert.ok(page.headers.get('content-security-policy'), `${label}: the page carries the usual security headers`);
}

test('PostgreSQL stopped: web pages answer an HTML 503 with Retry-After, and the same pages work again once it is back', async () => {
  const cluster = startOwnCluster(await freePort());
  const server = await startLatchkey({ LATCHKEY_DATABASE_URL: cluster.url });
  try {
    const signedIn = new Browser(server.url);
    const session = await signedIn.signIn('root', server.env.LATCHKEY_ROOT_PASSWORD!);
    assert.equal(session.status, 303, session.body);
    assert.equal((await signedIn.request('GET', '/')).status, 200);
    const visitor = new Browser(server.url);
    const signInForm = await visitor.request('GET', '/users/sign_in');
    const csrf = /name="authenticity_token" value="([^"]*)"/.exec(signInForm.body)![1]!;

    cluster.stop();
    assertUnavailablePage(await signedIn.request('GET', '/'), 'GET / with a session');
    assertUnavailablePage(await signedIn.request('GET', '/-/user_settings/personal_access_tokens'), 'GET personal access tokens');
    assertUnavailablePage(
      await visitor.request('POST', '/users/sign_in', { authenticity_token: csrf, login: 'root', password: 'wrong-password' }),
      'POST /users/sign_in',
    );

    cluster.start();
    let recovered: Page | null = null;
    for (let attempt = 0; attempt < 50 && recovered?.status !== 200; attempt++) {
      recovered = await signedIn.request('GET', '/');
      if (recovered.status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(recovered?.status, 200, 'the dashboard came back within 10 s, with the same session');
  } finally {
    await server.stop();
    cluster.remove();
  }
});
