import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Actor } from '../domain/principal.ts';
import type { ProjectFacts } from './project-policies.ts';
import { canListRegistryCatalog, grantedRepositoryActions, type RegistryAbilities } from './registry-policies.ts';

const human: Actor = { id: 2, username: 'alice', name: 'Alice', userType: 'human', isAdmin: false };
const bot: Actor = { id: 3, username: 'project_1_bot_x', name: 'ci', userType: 'project_bot', isAdmin: false };
const ALL = ['pull', 'push', 'delete', '*'];
const every: RegistryAbilities = { readContainerImage: true, createContainerImage: true, adminContainerImage: true };
const readOnly: RegistryAbilities = { readContainerImage: true, createContainerImage: false, adminContainerImage: false };
const writeOnly: RegistryAbilities = { readContainerImage: false, createContainerImage: true, adminContainerImage: false };
const facts = (level: number, visibility: ProjectFacts['visibility'] = 'private', actor: Actor | null = bot): ProjectFacts => ({
  actor,
  visibility,
  level,
});

describe('grantedRepositoryActions', () => {
  test('by role on a private project: Reporter pulls, Developer pushes, Maintainer deletes and gets *', () => {
    assert.deepEqual(grantedRepositoryActions(facts(0), every, ALL), []);
    assert.deepEqual(grantedRepositoryActions(facts(10), every, ALL), []);
    assert.deepEqual(grantedRepositoryActions(facts(15), every, ALL), []);
    assert.deepEqual(grantedRepositoryActions(facts(20), every, ALL), ['pull']);
    assert.deepEqual(grantedRepositoryActions(facts(30), every, ALL), ['pull', 'push']);
    assert.deepEqual(grantedRepositoryActions(facts(40), every, ALL), ['pull', 'push', 'delete', '*']);
    assert.deepEqual(grantedRepositoryActions(facts(50), every, ALL), ['pull', 'push', 'delete', '*']);
  });

  test('the scope gates first: a read-only credential never pushes, a write-only one never pulls', () => {
    assert.deepEqual(grantedRepositoryActions(facts(50), readOnly, ALL), ['pull']);
    assert.deepEqual(grantedRepositoryActions(facts(50), writeOnly, ALL), ['push']);
    assert.deepEqual(grantedRepositoryActions(facts(50), { ...readOnly, readContainerImage: false }, ALL), []);
  });

  test('anyone who can see a public or internal project pulls, nothing more', () => {
    assert.deepEqual(grantedRepositoryActions(facts(0, 'public', null), every, ALL), ['pull']);
    assert.deepEqual(grantedRepositoryActions(facts(0, 'public', bot), every, ALL), ['pull']);
    assert.deepEqual(grantedRepositoryActions(facts(0, 'internal', human), every, ALL), ['pull']);
    assert.deepEqual(grantedRepositoryActions(facts(0, 'internal', bot), every, ALL), []);
    assert.deepEqual(grantedRepositoryActions(facts(0, 'internal', null), every, ALL), []);
    assert.deepEqual(grantedRepositoryActions(facts(10, 'private', human), every, ALL), []);
  });

  test('keeps the order asked for and drops actions it does not know', () => {
    assert.deepEqual(grantedRepositoryActions(facts(40), every, ['push', 'pull', 'fly', 'PULL']), ['push', 'pull']);
  });
});

describe('canListRegistryCatalog', () => {
  test('only an administrator, whose credential may read images', () => {
    const admin = { ...human, isAdmin: true };
    assert.equal(canListRegistryCatalog(admin, every), true);
    assert.equal(canListRegistryCatalog(admin, writeOnly), false);
    assert.equal(canListRegistryCatalog(human, every), false);
    assert.equal(canListRegistryCatalog(null, every), false);
  });
});
