import assert from 'node:assert/strict';
import type { ApiResponse, TestApp } from './test-app.ts';

/** What a test needs to know about a project it made. */
export interface TestProject {
  id: number;
  path: string;
}

/** A project created through the API by the holder of `token` (its Owner). */
export async function createProject(t: TestApp, token: string, name: string, visibility = 'private'): Promise<TestProject> {
  const res = await t.api('POST', '/projects', { token, body: { name, visibility } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id, path: res.body.path_with_namespace };
}

export async function addMember(t: TestApp, projectId: number, userId: number, accessLevel: number): Promise<void> {
  const res = await t.api('POST', `/projects/${projectId}/members`, { body: { user_id: userId, access_level: accessLevel } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

export interface CreatedProjectToken {
  id: number;
  userId: number;
  token: string;
  body: any;
}

/** POST /projects/:id/access_tokens, asserting 201 (root creates it unless `as` says otherwise). */
export async function createProjectToken(
  t: TestApp,
  projectId: number,
  params: { name?: string; scopes?: string[]; access_level?: number; expires_at?: string; description?: string; allowed_ips?: string[] } = {},
  as?: string,
): Promise<CreatedProjectToken> {
  const res = await t.api('POST', `/projects/${projectId}/access_tokens`, {
    token: as,
    body: { name: 'bot', scopes: ['api'], ...params },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id, userId: res.body.user_id, token: res.body.token, body: res.body };
}

export function ids(res: ApiResponse): number[] {
  assert.ok(Array.isArray(res.body), JSON.stringify(res.body));
  return (res.body as { id: number }[]).map((item) => item.id);
}

/** The fields of GitLab's token entity (and Latchkey's own `superseded_at`, `active_until`), sorted; create and rotate add `token`, the self route `last_used_ips`. */
export const TOKEN_ENTITY_KEYS = [
  'access_level',
  'active',
  // grace-leak
  'active_until',
  // token-limits: Latchkey's limits, empty lists when unrestricted.
  'allowed_ips',
  'allowed_refs',
  'created_at',
  'description',
  'expires_at',
  'id',
  'last_used_at',
  'name',
  'revoked',
  'scopes',
  // grace-leak
  'superseded_at',
  'user_id',
];

export const sortedKeys = (value: object): string[] => Object.keys(value).sort();

export const bad = (reason: string) => ({ message: `400 Bad request - ${reason}` });

export const INSUFFICIENT_SCOPE = 'The request requires higher privileges than provided by the access token.';
