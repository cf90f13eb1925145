import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { libtrustKeyId } from '../../src/registry/libtrust-key-id.ts';
import { eventually, freePort } from './registry-helpers.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/latchkey.js');

function latchkey(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('latchkey registry config', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-registry-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('writes a ready config.yml (0600) and a key pair (key 0600) that docker-registry serves with', async () => {
    const addr = `127.0.0.1:${await freePort()}`;
    const env = { LATCHKEY_DATA_DIR: dataDir, LATCHKEY_REGISTRY_ADDR: addr, LATCHKEY_EXTERNAL_URL: 'http://latchkey.test:8080' };
    const result = await latchkey(['registry', 'config'], env);
    assert.equal(result.code, 0, result.stderr);
    const file = result.stdout.trim();
    assert.equal(file, path.join(dataDir, 'registry', 'config.yml'));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const key = path.join(dataDir, 'registry', 'token-signing.key');
    const certificate = path.join(dataDir, 'registry', 'token-signing.crt');
    assert.equal(statSync(key).mode & 0o777, 0o600);

    const yaml = readFileSync(file, 'utf8');
    assert.match(yaml, /realm: "http:\/\/latchkey\.test:8080\/jwt\/auth"/);
    assert.match(yaml, /service: "container_registry"/);
    assert.match(yaml, /issuer: "latchkey-issuer"/);
    assert.ok(yaml.includes(`rootcertbundle: ${JSON.stringify(certificate)}`));
    assert.ok(yaml.includes(`rootdirectory: ${JSON.stringify(path.join(dataDir, 'registry', 'storage'))}`));
    assert.ok(yaml.includes(`addr: "${addr}"`));
    assert.match(yaml, /url: "http:\/\/latchkey\.test:8080\/api\/v4\/container_registry_event\/events"/);
    assert.match(yaml, /Authorization: \["[A-Za-z0-9_-]{43}"\]/);

    const registry = spawn('docker-registry', ['serve', file], { stdio: 'ignore' });
    try {
      const challenge = await eventually('docker-registry to listen', async () => {
        const res = await fetch(`http://${addr}/v2/`);
        return res.status === 401 ? res.headers.get('www-authenticate') : undefined;
      });
      assert.equal(challenge, 'Bearer realm="http://latchkey.test:8080/jwt/auth",service="container_registry"');
    } finally {
      registry.kill('SIGTERM');
      await new Promise((resolve) => registry.once('exit', resolve));
    }

    // Run again: the key pair stays, the config is rewritten.
    const kid = libtrustKeyId(new X509Certificate(readFileSync(certificate)).publicKey);
    const keyBefore = readFileSync(key, 'utf8');
    const again = await latchkey(['registry', 'config', '--output', path.join(dataDir, 'other.yml'), '--addr', '127.0.0.1:5999'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(key, 'utf8'), keyBefore);
    assert.equal(libtrustKeyId(new X509Certificate(readFileSync(certificate)).publicKey), kid);
    assert.ok(readFileSync(path.join(dataDir, 'other.yml'), 'utf8').includes('addr: "127.0.0.1:5999"'));
  });

  test('refuses a malformed --addr with a usage error', async () => {
    const result = await latchkey(['registry', 'config', '--addr', 'nonsense'], { LATCHKEY_DATA_DIR: dataDir });
    assert.equal(result.code, 64);
    assert.match(result.stderr, /--addr must be host:port/);
  });
});
