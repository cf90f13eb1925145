import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redirectTarget } from './redirect-target.ts';

describe('redirectTarget', () => {
  test('keeps a same-origin absolute path, with its query and fragment', () => {
    for (const target of ['/', '/root/demo', '/root/demo/-/settings/access_tokens', '/-/user_settings/personal_access_tokens?page=2', '/root/demo#readme', '/a%20b', '/root/my.project_x']) {
      assert.equal(redirectTarget(target), target, target);
    }
  });

  test('sends everything else to /', () => {
    for (const target of [
      '//evil.example',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      '/%09/evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/%0A/evil.example',
      '/%2F%2Fevil.example',
      '/%2f/evil.example',
      '/%5Cevil.example',
      '/%5C%5Cevil.example',
      '/.//evil.example',
      '/..//evil.example',
      '/x/..//evil.example',
      '/%2e%2e//evil.example',
      '%0B',
      '/%0B',
      '/\u000b',
      '/\u0000',
      '/%00',
      '/%E0%A4%A',
      '/ /evil.example',
      '/\u3000/evil.example',
      '/\uff0f/evil.example',
      'http://evil.example',
      'https://evil.example/',
      'HTTP://evil.example',
      'javascript:alert(1)',
      ' javascript:alert(1)',
      '/javascript:alert(1)\u2028',
      'data:text/html,x',
      'evil.example',
      'root/demo',
      '',
      `/${'a'.repeat(3000)}`,
    ]) {
      assert.equal(redirectTarget(target), '/', JSON.stringify(target));
    }
  });

  test('takes the first of a repeated value and ignores what is not a string', () => {
    assert.equal(redirectTarget(['/root/demo', '//evil.example']), '/root/demo');
    assert.equal(redirectTarget(['//evil.example', '/root/demo']), '/');
    for (const value of [undefined, null, 1, {}, [], true]) assert.equal(redirectTarget(value), '/', JSON.stringify(value));
  });
});
