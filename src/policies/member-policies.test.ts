import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccessLevel } from '../domain/access-levels.ts';
import type { Actor } from '../domain/principal.ts';
import { canAssignLevel, canEditMember, canRemoveMember, keepsAnOwner } from './member-policies.ts';
import type { ProjectFacts } from './project-policies.ts';

const me: Actor = { id: 2, username: 'alice', name: 'Alice', userType: 'human', isAdmin: false };
const as = (level: number): ProjectFacts => ({ actor: me, visibility: 'private', level });
const member = (level: number, userType = 'human') => ({ userId: 3, userType, level });

test('canAssignLevel: Maintainers grant and touch levels below Owner, Owners every level, Developers none', () => {
  assert.equal(canAssignLevel(as(AccessLevel.Maintainer), AccessLevel.Maintainer), true);
  assert.equal(canAssignLevel(as(AccessLevel.Maintainer), AccessLevel.Owner), false);
  assert.equal(canAssignLevel(as(AccessLevel.Owner), AccessLevel.Owner), true);
  assert.equal(canAssignLevel(as(AccessLevel.Developer), AccessLevel.Guest), false);
  // Editing and removing a member follow the same reach.
  assert.equal(canEditMember(as(AccessLevel.Maintainer), member(AccessLevel.Owner)), false);
  assert.equal(canRemoveMember(as(AccessLevel.Maintainer), member(AccessLevel.Owner)), false);
  assert.equal(canRemoveMember(as(AccessLevel.Owner), member(AccessLevel.Owner)), true);
});

test('keepsAnOwner refuses demoting or removing the last Owner, and nothing else', () => {
  assert.equal(keepsAnOwner(AccessLevel.Owner, AccessLevel.Maintainer, 1), false);
  assert.equal(keepsAnOwner(AccessLevel.Owner, null, 1), false);
  assert.equal(keepsAnOwner(AccessLevel.Owner, AccessLevel.Maintainer, 2), true);
  assert.equal(keepsAnOwner(AccessLevel.Owner, null, 2), true);
  assert.equal(keepsAnOwner(AccessLevel.Owner, AccessLevel.Owner, 1), true);
  assert.equal(keepsAnOwner(AccessLevel.Maintainer, null, 1), true);
});
