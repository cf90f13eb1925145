import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, UserPrincipal } from '../domain/principal.ts';
import { AccessLevel } from '../domain/access-levels.ts';
import type { GroupFacts } from './group-policies.ts';
import {
  canCreatePersonalAccessToken,
  canManageAccessTokensOf,
  canManageGroupAccessTokens,
  canManagePersonalAccessTokensOf,
  canReadGroupAccessTokens,
  canRevokeAccessTokenOf,
  canRevokeGroupAccessToken,
} from './token-policies.ts';

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

const bot: Actor = { id: 7, username: 'group_3_bot_00', name: 'bot', userType: 'project_bot', isAdmin: false };
const inGroup = (actor: Actor, level: number): GroupFacts => ({ actor, visibility: 'private', level });

test("group access tokens: a group's Owners (and admins, who count as Owner) manage them; a Maintainer nothing", () => {
  const owner = inGroup(alice, AccessLevel.Owner);
  const maintainer = inGroup(alice, AccessLevel.Maintainer);
  assert.deepEqual([canReadGroupAccessTokens(owner), canManageGroupAccessTokens(owner), canRevokeGroupAccessToken(owner, AccessLevel.Owner)], [true, true, true]);
  assert.deepEqual(
    [canReadGroupAccessTokens(maintainer), canManageGroupAccessTokens(maintainer), canRevokeGroupAccessToken(maintainer, AccessLevel.Guest)],
    [false, false, false],
  );
  assert.equal(canManageGroupAccessTokens(inGroup(root, AccessLevel.Owner)), true);
});

test('group access tokens: an Owner bot reads and revokes, but never creates or rotates', () => {
  const ownerBot = inGroup(bot, AccessLevel.Owner);
  assert.deepEqual([canReadGroupAccessTokens(ownerBot), canRevokeGroupAccessToken(ownerBot, AccessLevel.Maintainer), canManageGroupAccessTokens(ownerBot)], [true, true, false]);
});

test("by holder: a Maintainer manages a project's tokens, not a group's", () => {
  const maintainer = inGroup(alice, AccessLevel.Maintainer);
  assert.deepEqual([canManageAccessTokensOf('project', maintainer), canManageAccessTokensOf('group', maintainer)], [true, false]);
  assert.deepEqual([canRevokeAccessTokenOf('project', maintainer, AccessLevel.Developer), canRevokeAccessTokenOf('group', maintainer, AccessLevel.Developer)], [true, false]);
});
