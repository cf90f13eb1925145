// Fills a running Latchkey (any version since the first) with the data the upgrade tests check,
// through its API, as users would. Run by scripts/make-upgrade-fixtures.sh, never by the suite.
//   LATCHKEY_SEED_URL=http://127.0.0.1:8080 LATCHKEY_SEED_TOKEN=<root's api token> node --import tsx seed.ts <fixture.json>
// Routes this version lacks (404) are skipped and left out of fixture.json's `features`.
import { writeFileSync } from 'node:fs';

const base = `${process.env.LATCHKEY_SEED_URL}/api/v4`;
const rootToken = process.env.LATCHKEY_SEED_TOKEN!;
const out = process.argv[2]!;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** A token that will have expired when the upgrade test's clock runs (its clock stands after it). */
const soonExpiring = day(3);
/** Far enough that the test's clock stands before it; within GitLab's 365-day cap. */
const later = day(300);

interface Call {
  status: number;
  body: any;
}
async function call(token: string, method: string, path: string, body?: unknown): Promise<Call> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'private-token': token, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
/** A call that must succeed. */
async function must(token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(token, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
/** A call this version may not have: null when the route is missing. */
async function maybe(feature: string, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(token, method, path, body);
  if (res.status === 404) return null;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  features.add(feature);
  return res.body;
}

const features = new Set<string>();
/** Every token made, with its plain text (test data only) and what the upgraded instance must say. */
const tokens: { name: string; plain: string; username: string; expect: 'active' | 'revoked' | 'expired' | 'rotated' }[] = [];

const user = (username: string, extra: Record<string, unknown> = {}) =>
  must(rootToken, 'POST', '/users', { username, name: username[0]!.toUpperCase() + username.slice(1), email: `${username}@example.com`, password: `${username}-password-1`, ...extra });

const alice = await user('alice');
const bob = await user('bob');
await user('carol');
const dave = await user('dave');
const project = await must(rootToken, 'POST', '/projects', { name: 'demo', description: 'The project the upgrade tests check', visibility: 'private' });
await must(rootToken, 'POST', '/projects', { name: 'open', visibility: 'public' });
const pid = project.id;
await must(rootToken, 'POST', `/projects/${pid}/members`, { user_id: alice.id, access_level: 30 });
await must(rootToken, 'POST', `/projects/${pid}/members`, { user_id: bob.id, access_level: 40 });
await must(rootToken, 'POST', `/projects/${pid}/members`, { user_id: dave.id, access_level: 20 });

// Personal tokens: active, revoked, expiring.
const alicePat = await must(rootToken, 'POST', `/users/${alice.id}/personal_access_tokens`, { name: 'alice-cli', scopes: ['api'], expires_at: later });
tokens.push({ name: 'alice-cli', plain: alicePat.token, username: 'alice', expect: 'active' });
const bobPat = await must(rootToken, 'POST', `/users/${bob.id}/personal_access_tokens`, { name: 'bob-old', scopes: ['read_api'], expires_at: later });
await must(bobPat.token, 'DELETE', '/personal_access_tokens/self');
tokens.push({ name: 'bob-old', plain: bobPat.token, username: 'bob', expect: 'revoked' });
const bobSoon = await must(rootToken, 'POST', `/users/${bob.id}/personal_access_tokens`, { name: 'bob-soon', scopes: ['read_user'], expires_at: soonExpiring });
tokens.push({ name: 'bob-soon', plain: bobSoon.token, username: 'bob', expect: 'expired' });

// Issues and notes by humans; dave writes one, then is deleted: his records go to the Ghost User.
const issue = await must(alicePat.token, 'POST', `/projects/${pid}/issues`, { title: 'First issue', description: 'Written before the upgrade' });
await must(rootToken, 'POST', `/projects/${pid}/issues/${issue.iid}/notes`, { body: 'A note from root' });
const davePat = await must(rootToken, 'POST', `/users/${dave.id}/personal_access_tokens`, { name: 'dave', scopes: ['api'], expires_at: later });
await must(rootToken, 'PUT', `/projects/${pid}/members/${dave.id}`, { access_level: 30 });
await must(davePat.token, 'POST', `/projects/${pid}/issues`, { title: 'Issue by dave, who leaves' });
await must(rootToken, 'DELETE', `/users/${dave.id}`);

// Project tokens: one active, one whose bot writes and is then revoked (its records go to the Ghost User),
// one expiring soon, one rotated (the old one revoked, the new one active).
const ci = await must(rootToken, 'POST', `/projects/${pid}/access_tokens`, { name: 'ci', scopes: ['api'], access_level: 30, expires_at: later });
tokens.push({ name: 'ci', plain: ci.token, username: ci.username ?? '', expect: 'active' });
const writer = await must(rootToken, 'POST', `/projects/${pid}/access_tokens`, { name: 'writer', scopes: ['api'], access_level: 30, expires_at: later });
const botIssue = await must(writer.token, 'POST', `/projects/${pid}/issues`, { title: 'Issue by a bot that is revoked' });
await must(writer.token, 'POST', `/projects/${pid}/issues/${botIssue.iid}/notes`, { body: 'The bot comments' });
await must(rootToken, 'DELETE', `/projects/${pid}/access_tokens/${writer.id}`);
tokens.push({ name: 'writer', plain: writer.token, username: '', expect: 'revoked' });
const short = await must(rootToken, 'POST', `/projects/${pid}/access_tokens`, { name: 'short', scopes: ['read_api'], access_level: 20, expires_at: soonExpiring });
tokens.push({ name: 'short', plain: short.token, username: '', expect: 'expired' });
const deploy = await must(rootToken, 'POST', `/projects/${pid}/access_tokens`, { name: 'deploy', scopes: ['api'], access_level: 40, expires_at: later });
const rotated = await must(rootToken, 'POST', `/projects/${pid}/access_tokens/${deploy.id}/rotate`, { expires_at: later });
tokens.push({ name: 'deploy (rotated away)', plain: deploy.token, username: '', expect: 'rotated' });
tokens.push({ name: 'deploy', plain: rotated.token, username: '', expect: 'active' });
await must(rootToken, 'PUT', `/projects/${pid}/issues/${issue.iid}`, { state_event: 'close' });

// Later versions: labels, repository content, protection, tags and releases, merge requests, hooks, limits.
if (await maybe('labels', rootToken, 'POST', `/projects/${pid}/labels`, { name: 'bug', color: '#d9534f', description: 'Something is broken' })) {
  await must(alicePat.token, 'POST', `/projects/${pid}/issues`, { title: 'Labelled issue', labels: 'bug,needs-triage' });
}
const commit = await maybe('commits', rootToken, 'POST', `/projects/${pid}/repository/commits`, {
  branch: 'main',
  commit_message: 'Initial commit',
  actions: [{ action: 'create', file_path: 'README.md', content: '# demo\n' }],
});
if (commit) {
  await must(ci.token, 'POST', `/projects/${pid}/repository/commits`, {
    branch: 'feature',
    start_branch: 'main',
    commit_message: 'A feature',
    actions: [{ action: 'create', file_path: 'feature.txt', content: 'feature\n' }],
  });
  await maybe('protected_branches', rootToken, 'POST', `/projects/${pid}/protected_branches`, { name: 'release/*', push_access_level: 40, merge_access_level: 30 });
  await maybe('protected_tags', rootToken, 'POST', `/projects/${pid}/protected_tags`, { name: 'v*', create_access_level: 40 });
  await maybe('tags', rootToken, 'POST', `/projects/${pid}/repository/tags`, { tag_name: 'v0.9', ref: 'main', message: 'Annotated' });
  await maybe('releases', rootToken, 'POST', `/projects/${pid}/releases`, {
    tag_name: 'v1.0',
    ref: 'main',
    name: 'First release',
    description: 'Made before the upgrade',
    assets: { links: [{ name: 'binary', url: 'https://example.com/demo-1.0.tar.gz', link_type: 'package' }] },
  });
  const mr = await maybe('merge_requests', alicePat.token, 'POST', `/projects/${pid}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 'Add the feature' });
  if (mr) {
    await must(alicePat.token, 'POST', `/projects/${pid}/merge_requests/${mr.iid}/notes`, { body: 'Please review' });
    await maybe('commit_statuses', ci.token, 'POST', `/projects/${pid}/statuses/${mr.sha}`, { state: 'success', name: 'build' });
  }
}
await maybe('hooks', rootToken, 'POST', `/projects/${pid}/hooks`, { url: 'https://hooks.example.com/latchkey', token: 'hook-secret', issues_events: true, push_events: false });
const limited = await call(rootToken, 'POST', `/projects/${pid}/access_tokens`, {
  name: 'limited',
  scopes: ['read_repository'],
  access_level: 20,
  expires_at: later,
  allowed_ips: ['127.0.0.0/8'],
});
if (limited.status !== 201) throw new Error(`limited token: ${limited.status}`);
tokens.push({ name: 'limited', plain: limited.body.token, username: '', expect: 'active' });
if (limited.body.allowed_ips) features.add('token_limits');
await maybe('ssh_keys', rootToken, 'POST', '/user/keys', {
  title: 'root laptop',
  key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGsS8oyKsB3o7HCC3dSUmZ0EdjJqQ8wK5ZJAtOcCg6n0 root@laptop',
});

// The bots' usernames, for the tokens whose bots are still there.
const bots = await must(rootToken, 'GET', `/projects/${pid}/members/all?per_page=100`);
for (const t of tokens) {
  if (t.username !== '' || t.expect === 'revoked') continue;
  const listed = await must(rootToken, 'GET', `/projects/${pid}/access_tokens?per_page=100`);
  const tokenRow = listed.find((r: any) => r.name === t.name.replace(' (rotated away)', ''));
  const bot = bots.find((m: any) => m.id === tokenRow?.user_id);
  t.username = bot?.username ?? '';
}

writeFileSync(
  out,
  `${JSON.stringify({ testOnly: 'TEST DATA ONLY: these tokens and passwords exist nowhere but in this fixture', expiredBy: day(4), activeUntil: later, features: [...features].sort(), tokens }, null, 2)}\n`,
);
