import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../domain/errors.ts';
import { ANONYMOUS, type Actor, type Principal } from '../domain/principal.ts';
import type { Scope } from '../domain/scopes.ts';
import { principalHasAbility, requireAbility } from './ability-policies.ts';

const alice: Actor = { id: 2, username: 'alice', name: 'Alice', userType: 'human', isAdmin: false };
const token = (...scopes: Scope[]): Principal => ({ kind: 'user', user: alice, via: 'token', token: { id: 1, scopes, projectId: null, allowedIps: null, allowedRefs: null } });

const refusal = (principal: Principal, ability: Parameters<typeof requireAbility>[1]) => {
  try {
    requireAbility(principal, ability);
  } catch (error) {
    assert.ok(error instanceof AppError);
    return { code: error.code, scopes: error.details.scopes };
  }
  return null;
};

describe('requireAbility', () => {
  test('a token without the ability is refused with insufficient_scope naming the scopes that grant it, in GitLab order', () => {
    assert.deepEqual(refusal(token('read_api'), 'write_api'), { code: 'insufficient_scope', scopes: ['api'] });
    assert.deepEqual(refusal(token('read_repository'), 'read_api'), { code: 'insufficient_scope', scopes: ['api', 'read_api'] });
    assert.deepEqual(refusal(token('read_registry'), 'read_user'), { code: 'insufficient_scope', scopes: ['api', 'read_api', 'read_user'] });
    assert.deepEqual(refusal(token('read_api'), 'rotate_own_token'), { code: 'insufficient_scope', scopes: ['api', 'self_rotate'] });
    assert.deepEqual(refusal(token('read_api'), 'push_code'), { code: 'insufficient_scope', scopes: ['api', 'write_repository'] });
  });

  test('one scope that grants it is enough, beside any other', () => {
    assert.equal(refusal(token('read_repository', 'api'), 'write_api'), null);
    assert.equal(refusal(token('self_rotate'), 'rotate_own_token'), null);
    assert.equal(refusal(token('write_registry'), 'read_version'), null);
  });

  test('no credential reads what is public and is otherwise asked to authenticate (401, not insufficient_scope)', () => {
    for (const ability of ['read_api', 'download_code', 'read_container_image'] as const) assert.equal(principalHasAbility(ANONYMOUS, ability), true, ability);
    assert.deepEqual(refusal(ANONYMOUS, 'write_api'), { code: 'unauthorized', scopes: undefined });
    assert.deepEqual(refusal(ANONYMOUS, 'push_code'), { code: 'unauthorized', scopes: undefined });
  });

  test('a password, session or SSH key carries every ability', () => {
    for (const via of ['password', 'session'] as const) assert.equal(refusal({ kind: 'user', user: alice, via }, 'admin_container_image'), null);
    assert.equal(refusal({ kind: 'user', user: alice, via: 'ssh_key', keyId: 1 }, 'write_api'), null);
  });
});
