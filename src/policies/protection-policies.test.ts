import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canPushToBranch, decideBranchUpdate, decideTagUpdate, reachesLevel, refPatternMatches, type BranchRule, type Pusher } from './protection-policies.ts';

const developer: Pusher = { level: 30, isAdmin: false };
const maintainer: Pusher = { level: 40, isAdmin: false };
const admin: Pusher = { level: 50, isAdmin: true };
const main: BranchRule = { name: 'main', pushAccessLevel: 40, allowForcePush: false };

describe('refPatternMatches', () => {
  test('an exact name matches itself only', () => {
    assert.equal(refPatternMatches('main', 'main'), true);
    assert.equal(refPatternMatches('main', 'main2'), false);
    assert.equal(refPatternMatches('main', 'xmain'), false);
    assert.equal(refPatternMatches('release/1.0', 'release/1.0'), true);
  });

  test('* matches any run of characters, / included, and nothing special otherwise', () => {
    assert.equal(refPatternMatches('release/*', 'release/1.0'), true);
    assert.equal(refPatternMatches('release/*', 'release/1.0/hotfix'), true);
    assert.equal(refPatternMatches('release/*', 'release/'), true);
    assert.equal(refPatternMatches('release/*', 'release'), false);
    assert.equal(refPatternMatches('*-stable', 'v1-stable'), true);
    assert.equal(refPatternMatches('*-stable', 'v1-stable-not'), false);
    assert.equal(refPatternMatches('v*.*', 'v1.2'), true);
    assert.equal(refPatternMatches('v*.*', 'v12'), false);
    assert.equal(refPatternMatches('a*a', 'a'), false);
    assert.equal(refPatternMatches('a*a', 'aa'), true);
    assert.equal(refPatternMatches('*', 'anything/at/all'), true);
    assert.equal(refPatternMatches('v1.?', 'v1.2'), false);
    assert.equal(refPatternMatches('v1.[0-9]', 'v1.2'), false);
  });
});

describe('reachesLevel', () => {
  test('0 is no one (not even admins), 30 Developers, 40 Maintainers, 60 admins only', () => {
    assert.equal(reachesLevel(admin, 0), false);
    assert.equal(reachesLevel(developer, 30), true);
    assert.equal(reachesLevel({ level: 20, isAdmin: false }, 30), false);
    assert.equal(reachesLevel(developer, 40), false);
    assert.equal(reachesLevel(maintainer, 40), true);
    assert.equal(reachesLevel({ level: 0, isAdmin: true }, 40), true);
    assert.equal(reachesLevel({ level: 50, isAdmin: false }, 60), false);
    assert.equal(reachesLevel(admin, 60), true);
  });
});

describe('decideBranchUpdate', () => {
  const decide = (over: Partial<Parameters<typeof decideBranchUpdate>[0]>) =>
    decideBranchUpdate({ rules: [main], branch: 'main', defaultBranch: 'main', kind: 'update', forced: false, pusher: developer, source: 'git', ...over });

  test('an unprotected branch: a Developer pushes, force-pushes, creates and deletes it', () => {
    for (const kind of ['create', 'update', 'delete'] as const) {
      assert.equal(decide({ branch: 'feature', kind, forced: kind === 'update' }), null);
    }
  });

  test('a protected branch at Maintainers: a Developer may not push or create it, a Maintainer and an admin may', () => {
    assert.equal(decide({}), 'push_protected_branch');
    assert.equal(decide({ kind: 'create', defaultBranch: 'other' }), 'create_protected_branch');
    assert.equal(decide({ pusher: maintainer }), null);
    assert.equal(decide({ pusher: admin }), null);
  });

  test('push level 0: no one pushes, admins included', () => {
    assert.equal(decide({ rules: [{ ...main, pushAccessLevel: 0 }], pusher: admin }), 'push_protected_branch');
  });

  test('force push needs a matching rule that allows it, whoever pushes', () => {
    assert.equal(decide({ pusher: maintainer, forced: true }), 'force_push_protected_branch');
    assert.equal(decide({ rules: [{ ...main, allowForcePush: true }], pusher: maintainer, forced: true }), null);
  });

  test('several matching rules: the most permissive wins for push and for force push', () => {
    const rules: BranchRule[] = [
      { name: 'release/*', pushAccessLevel: 40, allowForcePush: false },
      { name: 'release/1.x', pushAccessLevel: 30, allowForcePush: true },
      { name: 'r*', pushAccessLevel: 0, allowForcePush: false },
    ];
    assert.equal(decide({ rules, branch: 'release/1.x', forced: true }), null);
    assert.equal(decide({ rules, branch: 'release/2.x' }), 'push_protected_branch');
    assert.equal(decide({ rules, branch: 'release/2.x', pusher: maintainer }), null);
    assert.equal(decide({ rules, branch: 'release/2.x', pusher: maintainer, forced: true }), 'force_push_protected_branch');
    assert.equal(canPushToBranch(rules, 'release/1.x', developer), true);
    assert.equal(canPushToBranch(rules, 'rc', maintainer), false);
    assert.equal(canPushToBranch(rules, 'feature', developer), true);
  });

  test('a protected branch is never deleted by a push; a Maintainer deletes it through the API, a Developer never', () => {
    const other = { defaultBranch: 'trunk' };
    assert.equal(decide({ ...other, kind: 'delete', pusher: maintainer }), 'delete_protected_branch_git');
    assert.equal(decide({ ...other, kind: 'delete', pusher: maintainer, source: 'api' }), null);
    assert.equal(decide({ ...other, kind: 'delete', source: 'api' }), 'delete_protected_branch_role');
    assert.equal(decide({ ...other, kind: 'delete' }), 'delete_protected_branch_role');
  });

  test('the default branch is never deleted, protected or not', () => {
    assert.equal(decide({ rules: [], kind: 'delete', pusher: admin, source: 'api' }), 'delete_default_branch');
  });
});

describe('decideTagUpdate', () => {
  const rules = [{ name: 'v*', createAccessLevel: 40 }];
  const decide = (over: Partial<Parameters<typeof decideTagUpdate>[0]>) =>
    decideTagUpdate({ rules, tag: 'v1.0', kind: 'create', pusher: developer, source: 'git', ...over });

  test('a protected tag is created at its create level only', () => {
    assert.equal(decide({}), 'create_protected_tag');
    assert.equal(decide({ pusher: maintainer }), null);
    assert.equal(decide({ rules: [{ name: 'v*', createAccessLevel: 30 }] }), null);
    assert.equal(decide({ rules: [{ name: 'v*', createAccessLevel: 0 }], pusher: admin }), 'create_protected_tag');
  });

  test('a protected tag is never moved, and deleted only by a Maintainer through the API', () => {
    assert.equal(decide({ kind: 'update', pusher: admin }), 'update_protected_tag');
    assert.equal(decide({ kind: 'delete', pusher: maintainer }), 'delete_protected_tag_git');
    assert.equal(decide({ kind: 'delete', pusher: maintainer, source: 'api' }), null);
    assert.equal(decide({ kind: 'delete', source: 'api' }), 'delete_protected_tag_role');
  });

  test('an unprotected tag: anyone who pushes creates, moves and deletes it (GitLab gives admin_tag to push_code)', () => {
    for (const kind of ['create', 'update', 'delete'] as const) assert.equal(decide({ tag: 'nightly', kind }), null);
  });
});
