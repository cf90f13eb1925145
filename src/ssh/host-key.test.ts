import assert from 'node:assert/strict';
import { test } from 'node:test';
import ssh2 from 'ssh2';
import { generateHostKey } from './host-key.ts';

test('generateHostKey always yields a key ssh2 can load (ssh2 alone fails about 1 in 256)', () => {
  for (let i = 0; i < 1500; i++) {
    const parsed = ssh2.utils.parseKey(generateHostKey());
    assert.ok(!(parsed instanceof Error), `key ${i}: ${parsed instanceof Error ? parsed.message : ''}`);
    assert.equal(parsed.type, 'ssh-ed25519');
  }
});
