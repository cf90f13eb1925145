import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, UserPrincipal } from '../domain/principal.ts';
import { canCreatePersonalAccessToken, canManagePersonalAccessTokensOf } from './token-policies.ts';

const alice: Actor = { id: 2, username: 'alice', name: 'Alice', userType: 'human', isAdmin: false };
const root: Actor = { id: 1, username: 'root', name: 'Administrator', userType: 'human', isAdmin: true };
const bySession = (user: Actor): UserPrincipal => ({ kind: 'user', user, via: 'session' });
const byToken = (user: Actor): UserPrincipal => ({ kind: 'user', user, via: 'token', token: { id: 9, scopes: ['api'], projectId: null, allowedIps: null, allowedRefs: null } });

test('canManagePersonalAccessTokensOf: a user their own tokens, an admin anyone\'s', () => {
  assert.equal(canManagePersonalAccessTokensOf(alice, alice.id), true);
  assert.equal(canManagePersonalAccessTokensOf(alice, root.id), false);
  assert.equal(canManagePersonalAccessTokensOf(root, alice.id), true);
});

test('canCreatePersonalAccessToken: a user for themself but never with a token; an admin for anyone, token or not', () => {
  assert.equal(canCreatePersonalAccessToken(bySession(alice), alice.id), true);
  assert.equal(canCreatePersonalAccessToken(byToken(alice), alice.id), false);
  assert.equal(canCreatePersonalAccessToken(bySession(alice), root.id), false);
  assert.equal(canCreatePersonalAccessToken(byToken(root), alice.id), true);
  assert.equal(canCreatePersonalAccessToken(byToken(root), root.id), true);
});
