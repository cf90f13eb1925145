import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { ROOT_PASSWORD, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { WebClient, inputValue, textOf } from './web-client.ts';

const SCOPE_TEXTS = {
  api: 'Grants complete read and write access to the scoped project API, including the Package Registry.',
  read_api: 'Grants read access to the scoped project API, including the Package Registry.',
  read_repository: 'Allows read-only access (pull) to the repository.',
  write_repository: 'Allows read and write access (pull and push) to the repository.',
  read_registry: 'Allows read-only access (pull) to container registry images if a project is private and authorization is required.',
  write_registry: 'Allows read and write access (push) to the container registry.',
};
const WARNING = "Make sure you save it - you won't be able to access it again.";

/** The `<option>` labels of a select. */
function options(html: string, selectId: string): string[] {
  const select = new RegExp(`<select id="${selectId}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  assert.ok(select, `no select #${selectId}`);
  return [...select[1]!.matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]!);
}

function tableRows(html: string, tableId: string): string[] {
  const table = new RegExp(`<table[^>]*id="${tableId}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!table) return [];
  return [...table[1]!.matchAll(/<tr data-[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
}

for (const dialect of DIALECTS) {
  describe(`web project pages (${dialect})`, () => {
    let t: TestApp;
    let root: WebClient;
    before(async () => {
      t = await startTestApp(dialect, { LATCHKEY_REGISTRY_URL: 'https://registry.example.com' });
      root = new WebClient(t);
      await root.signIn('root', ROOT_PASSWORD);
    });
    after(() => t.close());

    test('GET / lists the projects the user is a member of, and nothing of the others', async () => {
      await t.api('POST', '/projects', { body: { name: 'Alpha', description: 'first one' } });
      await t.createUser('outsider');
      const outsider = new WebClient(t);
      await outsider.signIn('outsider', 'password-123');
      const theirs = await outsider.get('/');
      assert.equal(theirs.status, 200);
      assert.match(textOf(theirs.body), /You are not a member of any project yet\./);
      assert.ok(!theirs.body.includes('Alpha'));
      const mine = await root.get('/');
      assert.match(mine.body, /<a href="\/root\/alpha"><strong>Alpha<\/strong><\/a>/);
      assert.match(textOf(mine.body), /root\/alpha first one/);
    });

    test('POST /projects creates the project and its page shows the API entity\'s HTTP and SSH clone URLs and registry path', async () => {
      await root.get('/projects/new');
      const res = await root.post('/projects', { name: 'Web Made', path: '', description: 'made in a browser', visibility: 'private' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, '/root/web-made?notice=project_created');
      const page = await root.get(String(res.headers.location));
      assert.equal(page.status, 200);
      assert.match(textOf(page.body), /The project was created\./);
      const entity = (await t.api('GET', '/projects/root%2Fweb-made')).body;
      assert.equal(inputValue(page.body, 'clone-http'), entity.http_url_to_repo);
      assert.equal(inputValue(page.body, 'clone-ssh'), entity.ssh_url_to_repo);
      assert.equal(entity.container_registry_image_prefix, 'registry.example.com/root/web-made');
      assert.equal(inputValue(page.body, 'registry-path'), entity.container_registry_image_prefix);
      assert.match(page.body, /<label for="clone-http">Clone with HTTP<\/label>/);
      assert.match(textOf(page.body), /made in a browser/);
    });

    test('the New project form starts with "Initialize repository with a README" checked, and the checked box commits README.md', async () => {
      const form = await root.get('/projects/new');
      assert.match(form.body, /<input id="project-readme" name="initialize_with_readme" type="checkbox" value="true" checked/);
      assert.match(form.body, /<label for="project-readme">/);
      const res = await root.post('/projects', { name: 'Seeded Web', path: '', description: 'with a readme', visibility: 'private', initialize_with_readme: 'true' });
      assert.equal(res.status, 303);
      const entity = (await t.api('GET', '/projects/root%2Fseeded-web')).body;
      assert.equal(entity.empty_repo, false);
      const page = await root.get(String(res.headers.location));
      const readme = /<article class="readme"[\s\S]*?<\/article>/.exec(page.body)?.[0] ?? '';
      assert.match(textOf(readme), /README\.md\s+Seeded Web\s+with a readme/);
      // Unchecked, the box is not sent: an empty repository, and a refusal keeps it unchecked.
      assert.equal((await t.api('GET', '/projects/root%2Fweb-made')).body.empty_repo, true);
      const refused = await root.post('/projects', { name: 'Seeded Web', path: 'seeded-web', description: '', visibility: 'private' });
      assert.equal(refused.status, 400);
      assert.doesNotMatch(refused.body, /name="initialize_with_readme" type="checkbox" value="true" checked/);
    });

    test('POST /projects shows the service\'s refusal on the form and keeps what was typed', async () => {
      await root.get('/projects/new');
      const res = await root.post('/projects', { name: 'Web Made', path: 'web-made', description: 'again', visibility: 'public' });
      assert.equal(res.status, 400);
      assert.match(textOf(res.body), /Path has already been taken/);
      assert.equal(inputValue(res.body, 'project-name'), 'Web Made');
      assert.match(res.body, /id="visibility-public" type="radio" name="visibility" value="public" checked/);
    });

    test('/<namespace>/<project>.git in a browser shows the project page', async () => {
      const page = await root.get('/root/web-made.git');
      assert.equal(page.status, 200);
      assert.match(page.body, /<h1>Web Made<\/h1>/);
    });

    test('the Access Tokens form: labelled fields, date defaulting to 30 days with tomorrow as minimum, roles up to one\'s own, scopes described', async () => {
      const project = (await t.api('POST', '/projects', { body: { name: 'Tokened' } })).body;
      const mia = await t.createUser('mia');
      await t.api('POST', `/projects/${project.id}/members`, { body: { user_id: mia.id, access_level: 40 } });
      const web = new WebClient(t);
      await web.signIn('mia', 'password-123');
      const page = await web.get('/root/tokened/-/settings/access_tokens');
      assert.equal(page.status, 200);
      for (const [id, label] of [
        ['token-name', 'Token name'],
        ['token-description', 'Token description'],
        ['token-expires-at', 'Expiration date'],
        ['token-access-level', 'Select a role'],
      ]) {
        assert.match(page.body, new RegExp(`<label for="${id}">${label}`), label);
      }
      // The test clock says 2026-11-29.
      assert.match(page.body, /<input id="token-expires-at" name="expires_at" type="date" value="2026-12-29" min="2026-11-30"/);
      assert.deepEqual(options(page.body, 'token-access-level'), ['Guest', 'Planner', 'Reporter', 'Developer', 'Maintainer']);
      assert.match(page.body, /<option value="40" selected>Maintainer<\/option>/);
      for (const [scope, description] of Object.entries(SCOPE_TEXTS)) {
        assert.match(page.body, new RegExp(`<label for="scope-${scope}"><input id="scope-${scope}" type="checkbox" name="scopes" value="${scope}"`));
        assert.ok(textOf(page.body).includes(description), description);
      }
      assert.match(page.body, /value="self_rotate"/);
      assert.match(textOf(page.body), /Active project access tokens \(0\)/);
      assert.match(textOf(page.body), /Inactive project access tokens \(0\)/);
      // An Owner (root is an admin) is offered Owner too.
      assert.deepEqual(options((await root.get('/root/tokened/-/settings/access_tokens')).body, 'token-access-level').at(-1), 'Owner');
    });

    test('creating a project access token shows it once with the warning; it works against the API; the table lists it', async () => {
      const project = (await t.api('GET', '/projects/root%2Ftokened')).body;
      await root.get('/root/tokened/-/settings/access_tokens');
      const res = await root.post('/root/tokened/-/settings/access_tokens', {
        name: 'deploy',
        description: 'for the deploy job',
        expires_at: '2027-01-15',
        access_level: '30',
        scopes: ['read_api', 'read_repository'],
      });
      assert.equal(res.status, 200);
      const token = inputValue(res.body, 'new-token-value');
      assert.ok(token?.startsWith('glpat-'), 'the token is on the page');
      assert.ok(textOf(res.body).includes(WARNING));
      assert.match(res.body, /data-copy-target="new-token-value"/);

      const api = await t.api('GET', `/projects/${project.id}`, { token });
      assert.equal(api.status, 200);
      assert.equal(api.body.path_with_namespace, 'root/tokened');

      const again = await root.get('/root/tokened/-/settings/access_tokens');
      assert.ok(!again.body.includes(token!), 'shown once: never again');
      assert.ok(!textOf(again.body).includes(WARNING));
      const [row] = tableRows(again.body, 'active-tokens');
      assert.ok(row);
      const text = textOf(row);
      for (const expected of ['deploy', 'for the deploy job', 'read_api', 'read_repository', 'Developer', '2026-11-29', '2027-01-15', 'Revoke']) {
        assert.ok(text.includes(expected), `${expected} in ${text}`);
      }
      assert.match(text, /2026-11-29/); // created; last used is the API call just made
      assert.match(row, /data-confirm="Are you sure you want to revoke the project access token &quot;deploy&quot;\?/);
      assert.ok(t.logs.every((line) => !line.includes(token!)), 'a log line holds the token');
    });

    test('the service\'s refusals appear on the form, with what was typed kept', async () => {
      const mia = new WebClient(t);
      await mia.signIn('mia', 'password-123');
      await mia.get('/root/tokened/-/settings/access_tokens');
      const owner = await mia.post('/root/tokened/-/settings/access_tokens', { name: 'too-strong', access_level: '50', scopes: ['api'], expires_at: '2027-01-01' });
      assert.equal(owner.status, 400);
      assert.match(textOf(owner.body), /Access level of the token contains permissions not held by the creating user/);
      assert.equal(inputValue(owner.body, 'token-name'), 'too-strong');
      assert.match(owner.body, /value="api" checked/);

      const past = await mia.post('/root/tokened/-/settings/access_tokens', { name: 'old', access_level: '30', scopes: ['api'], expires_at: '2026-11-29' });
      assert.equal(past.status, 400);
      // The very message the API gives for the same request.
      const apiRefusal = await t.api('POST', '/projects/root%2Ftokened/access_tokens', { body: { name: 'old', scopes: ['api'], expires_at: '2026-11-29' } });
      const reason = String(apiRefusal.body.message).replace(/^400 Bad request - /, '');
      assert.match(reason, /^Expires at must be/);
      assert.ok(textOf(past.body).includes(reason), reason);

      const none = await mia.post('/root/tokened/-/settings/access_tokens', { name: 'no-scope', access_level: '30', expires_at: '2027-01-01' });
      assert.equal(none.status, 400);
      assert.match(textOf(none.body), /Select at least one scope\./);
      assert.equal((await t.api('GET', '/projects/root%2Ftokened/access_tokens')).body.length, 1);
    });

    test('Revoke moves the token to the inactive list and the API refuses it from then on', async () => {
      await root.get('/root/tokened/-/settings/access_tokens');
      const created = await root.post('/root/tokened/-/settings/access_tokens', { name: 'short-lived', access_level: '40', scopes: ['api'], expires_at: '2027-01-01' });
      const token = inputValue(created.body, 'new-token-value')!;
      assert.equal((await t.api('GET', '/projects/root%2Ftokened', { token })).status, 200);
      const id = (await t.api('GET', '/projects/root%2Ftokened/access_tokens?search=short-lived')).body[0].id;
      const res = await root.post(`/root/tokened/-/settings/access_tokens/${id}/revoke`, {});
      assert.equal(res.status, 303);
      const page = await root.get(String(res.headers.location));
      assert.match(textOf(page.body), /The token was revoked\./);
      assert.ok(!tableRows(page.body, 'active-tokens').some((row) => row.includes('short-lived')));
      const inactive = tableRows(page.body, 'inactive-tokens').find((row) => row.includes('short-lived'));
      assert.ok(inactive && textOf(inactive).includes('Revoked'));
      const refused = await t.api('GET', '/projects/root%2Ftokened', { token });
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error_description, 'Token was revoked. You have to re-authorize from the user.');
    });

    test('a form posted without its CSRF token, or with another session\'s, is refused and changes nothing', async () => {
      await root.get('/root/tokened/-/settings/access_tokens');
      const before = (await t.api('GET', '/projects/root%2Ftokened/access_tokens')).body.length;
      const missing = await root.post('/root/tokened/-/settings/access_tokens', { name: 'forged', scopes: ['api'] }, { csrf: null });
      assert.equal(missing.status, 403);
      assert.match(textOf(missing.body), /This form has expired or did not come from Latchkey/);
      const mia = new WebClient(t);
      await mia.signIn('mia', 'password-123');
      await mia.get('/');
      const foreign = await root.post('/root/tokened/-/settings/access_tokens', { name: 'forged', scopes: ['api'] }, { csrf: mia.csrf });
      assert.equal(foreign.status, 403);
      const tokenId = (await t.api('GET', '/projects/root%2Ftokened/access_tokens')).body[0].id;
      const revoke = await root.post(`/root/tokened/-/settings/access_tokens/${tokenId}/revoke`, {}, { csrf: 'x'.repeat(43) });
      assert.equal(revoke.status, 403);
      const project = await root.post('/projects', { name: 'forged-project' }, { csrf: null });
      assert.equal(project.status, 403);
      assert.equal((await t.api('GET', '/projects/root%2Ftokened/access_tokens')).body.length, before);
      assert.equal((await t.api('GET', '/projects/root%2Fforged-project')).status, 404);
    });

    test('a Developer sees no Settings tab and gets "Access denied" on the Access Tokens page; an outsider gets a 404 page', async () => {
      const dev = await t.createUser('dev');
      await t.api('POST', '/projects/root%2Ftokened/members', { body: { user_id: dev.id, access_level: 30 } });
      const web = new WebClient(t);
      await web.signIn('dev', 'password-123');
      const overview = await web.get('/root/tokened');
      assert.equal(overview.status, 200);
      assert.ok(!overview.body.includes('Settings › Access Tokens'));
      const denied = await web.get('/root/tokened/-/settings/access_tokens');
      assert.equal(denied.status, 403);
      assert.match(textOf(denied.body), /Access denied/);
      const posted = await web.post('/root/tokened/-/settings/access_tokens', { name: 'x', scopes: ['api'] });
      assert.equal(posted.status, 403);

      const outsider = new WebClient(t);
      await outsider.signIn('outsider', 'password-123');
      const hidden = await outsider.get('/root/tokened/-/settings/access_tokens');
      assert.equal(hidden.status, 404);
      assert.match(textOf(hidden.body), /Page not found/);
    });

    test('a public project is visible signed out; a private one sends the visitor to sign in', async () => {
      await t.api('POST', '/projects', { body: { name: 'Open', visibility: 'public' } });
      const anonymous = new WebClient(t);
      const open = await anonymous.get('/root/open');
      assert.equal(open.status, 200);
      assert.match(open.body, /<h1>Open<\/h1>/);
      assert.match(open.body, /href="\/users\/sign_in">Sign in</);
      const closed = await anonymous.get('/root/tokened');
      assert.equal(closed.status, 303);
      assert.equal(closed.headers.location, '/users/sign_in?redirect_to=%2Froot%2Ftokened');
    });

    test('every name and description a user typed renders as text on every page', async () => {
      const xss = '<script>alert(1)</script>';
      await root.get('/projects/new');
      const created = await root.post('/projects', { name: `${xss} project`, path: 'xss', description: `${xss} description`, visibility: 'private' });
      assert.equal(created.status, 303);
      await root.get('/root/xss/-/settings/access_tokens');
      const token = await root.post('/root/xss/-/settings/access_tokens', { name: xss, description: xss, access_level: '40', scopes: ['api'], expires_at: '2027-01-01' });
      assert.equal(token.status, 200);
      await root.get('/-/user_settings/personal_access_tokens');
      await root.post('/-/user_settings/personal_access_tokens', { name: xss, description: xss, scopes: ['read_user'], expires_at: '2027-01-01' });
      await t.api('POST', '/users', { body: { username: 'xss-user', email: 'xss@example.com', name: xss, password: 'password-123' } });
      await root.get('/root/xss/-/project_members');
      const member = await root.post('/root/xss/-/project_members', { username: 'xss-user', access_level: '30' });
      assert.equal(member.status, 303);

      const pages = ['/', '/root/xss', '/root/xss/-/settings/access_tokens', '/root/xss/-/project_members', '/-/user_settings/personal_access_tokens', '/admin/users'];
      for (const url of [...pages]) {
        const page = await root.get(url);
        assert.equal(page.status, 200, url);
        assert.ok(!page.body.includes(xss), `${url} has a raw script tag`);
        assert.ok(page.body.includes('&lt;script>alert(1)&lt;/script>'), `${url} shows the name as text`);
        // No script besides our one static file, and no inline handlers or styles.
        assert.deepEqual([...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), [
          `<script src="${/\/-\/assets\/latchkey\.js\?v=[0-9a-f]+/.exec(page.body)![0]}" defer>`,
        ]);
        assert.doesNotMatch(page.body, /\son[a-z]+="/);
        assert.doesNotMatch(page.body, /\sstyle="/);
      }
      // The new token panel too.
      assert.ok(!token.body.includes(xss));
    });

    test('every form on every page carries the CSRF token', async () => {
      for (const url of ['/', '/projects/new', '/root/xss', '/root/xss/-/settings/access_tokens', '/root/xss/-/project_members', '/-/user_settings/personal_access_tokens', '/admin/users', '/admin/users/new']) {
        const page = await root.get(url);
        const forms = [...page.body.matchAll(/<form method="post"[\s\S]*?<\/form>/g)].map((m) => m[0]);
        assert.ok(forms.length > 0, url);
        for (const form of forms) assert.match(form, new RegExp(`name="authenticity_token" value="${root.csrf}"`), `${url}: ${form.slice(0, 80)}`);
      }
    });

    test('pages carry a strict Content-Security-Policy, no caching, and labels for every input', async () => {
      const page = await root.get('/root/xss/-/settings/access_tokens');
      const csp = String(page.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.equal(page.headers['x-frame-options'], 'DENY');
      for (const url of ['/projects/new', '/root/xss/-/settings/access_tokens', '/root/xss/-/project_members', '/admin/users/new', '/root/xss']) {
        const body = (await root.get(url)).body;
        const ids = [...body.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)].map((m) => m[1]!);
        assert.ok(ids.length > 0);
        for (const id of ids) assert.match(body, new RegExp(`<label for="${id}"`), `${url}: #${id} has no label`);
        const unnamed = [...body.matchAll(/<input (?![^>]*type="hidden")(?![^>]*id=)[^>]*>/g)];
        assert.deepEqual(unnamed, [], `${url}: an input without id/label`);
      }
    });

    test('the stylesheet and the script are served as static files', async () => {
      for (const [url, type] of [
        ['/-/assets/pico.min.css', /^text\/css/],
        ['/-/assets/latchkey.css', /^text\/css/],
        ['/-/assets/latchkey.js', /^text\/javascript/],
      ] as const) {
        const res = await t.app.http.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers['content-type']), type);
      }
      assert.equal((await t.app.http.inject({ method: 'GET', url: '/-/assets/secret.txt' })).statusCode, 404);
    });

    test('an unknown page is a friendly HTML 404; the API and other clients keep GitLab\'s JSON 404', async () => {
      const page = await root.get('/no/such/page/here');
      assert.equal(page.status, 404);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(textOf(page.body), /Page not found/);
      const missingProject = await root.get('/root/missing-project');
      assert.equal(missingProject.status, 404);
      assert.match(textOf(missingProject.body), /Page not found/);
      const api = await t.app.http.inject({ method: 'GET', url: '/api/v4/nothing', headers: { accept: 'text/html' } });
      assert.deepEqual(api.json(), { error: '404 Not Found' });
      const client = await t.app.http.inject({ method: 'GET', url: '/no/such/page/here' });
      assert.deepEqual(client.json(), { error: '404 Not Found' });
      // A path shaped like a project page, asked for by a client that is no browser.
      const curl = await t.app.http.inject({ method: 'GET', url: '/v2/_catalog', headers: { accept: '*/*' } });
      assert.equal(curl.statusCode, 404);
      assert.deepEqual(curl.json(), { error: '404 Not Found' });
    });
  });
}
