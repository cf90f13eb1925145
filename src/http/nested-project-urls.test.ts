import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedFirstSegment, twoSegmentProjectUrl } from './nested-project-urls.ts';

const reserved = new Set(['api', 'v2', 'jwt', '-', 'groups', 'users', 'dashboard', 'admin', 'projects']);
const rewrite = (url: string) => twoSegmentProjectUrl(url, reserved);

test('a project page at its GitLab address in subgroups is matched in the two-segment form', () => {
  assert.equal(rewrite('/a/b/web'), '/a%2Fb/web');
  assert.equal(rewrite('/a/b/c/web/'), '/a%2Fb%2Fc/web/');
  assert.equal(rewrite('/a/b/web/-/tree/main/src/x.ts?ref_type=heads'), '/a%2Fb/web/-/tree/main/src/x.ts?ref_type=heads');
  assert.equal(rewrite('/a/b/web/-/merge_requests/1/diffs'), '/a%2Fb/web/-/merge_requests/1/diffs');
  assert.equal(rewrite('/a/b/web/activity?page=2'), '/a%2Fb/web/activity?page=2');
  assert.equal(rewrite('/a/b/web.git'), '/a%2Fb/web.git');
});

test('other paths are left as they are', () => {
  for (const url of [
    '/',
    '/a',
    '/a/web',
    '/a/web/-/tree/main/x/y/z',
    '/a/activity',
    '/a/b/activity',
    '/a%2Fb/web/-/tree/main',
    '/api/v4/projects/a%2Fb%2Fweb',
    '/api/v4/groups/1/projects',
    '/a/b/web.git/info/refs?service=git-upload-pack',
    '/a/b/web.git/git-upload-pack',
    '/a/b/web/info/refs?service=git-upload-pack',
    '/a/b/web/git-receive-pack',
    '/v2/a/b/web/manifests/latest',
    '/-/assets/app/css',
    '/groups/a/b/c/-/group_members',
    '/users/sign_in/x/y',
    '/a//b/web',
  ]) {
    assert.equal(rewrite(url), url, url);
  }
});

test('a route starting with a fixed segment reserves it', () => {
  assert.equal(fixedFirstSegment('/api/v4/projects/:id'), 'api');
  assert.equal(fixedFirstSegment('/-/liveness'), '-');
  assert.equal(fixedFirstSegment('/:namespace/:project'), null);
  assert.equal(fixedFirstSegment('/*'), null);
  assert.equal(fixedFirstSegment('/'), null);
});
