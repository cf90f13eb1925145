import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import type { Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/logger.ts';
import { startEmbeddedRegistry } from '../../src/registry/embedded-registry.ts';
import { registryNotificationSecret } from '../../src/domain/secrets.ts';
import { startRegistrySupervisor, type RegistrySupervisor } from '../../src/registry/supervisor.ts';
import { eventually, freePort } from './registry-helpers.ts';

const SECRET = 'supervisor-test-instance-secret-0123456789';

function capturingLogger() {
  const lines: string[] = [];
  const log = createLogger(
    'debug',
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { log, lines };
}

/** The registry answers /v2/ with 401 and a Bearer challenge pointing at Latchkey. */
async function answers(addr: string): Promise<string | undefined> {
  const res = await fetch(`http://${addr}/v2/`);
  return res.status === 401 ? (res.headers.get('www-authenticate') ?? undefined) : undefined;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the embedded registry (LATCHKEY_REGISTRY=embedded)', () => {
  let dataDir: string;
  let addr: string;
  let registry: RegistrySupervisor | null = null;
  const { log, lines } = capturingLogger();

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-supervisor-'));
    addr = `127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    await registry?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('starts docker-registry with the generated config, restarts it when killed, and stops it on shutdown', async () => {
    const config = loadConfig({ LATCHKEY_DATA_DIR: dataDir, LATCHKEY_REGISTRY: 'embedded', LATCHKEY_REGISTRY_ADDR: addr, LATCHKEY_HTTP_PORT: '18999' });
    // startEmbeddedRegistry needs only the config, the instance secret and a logger.
    registry = startEmbeddedRegistry({ config, secret: SECRET, log } as Deps);
    const challenge = await eventually('the registry to listen', () => answers(addr));
    assert.equal(challenge, 'Bearer realm="http://127.0.0.1:18999/jwt/auth",service="container_registry"');

    const first = registry.pid()!;
    assert.equal(registry.starts(), 1);
    process.kill(first, 'SIGKILL');
    const second = await eventually('a new registry process', async () => {
      const pid = registry!.pid();
      return pid !== null && pid !== first ? pid : undefined;
    });
    await eventually('the restarted registry to listen', () => answers(addr));
    assert.equal(registry.starts(), 2);
    assert.ok(lines.some((line) => line.includes('the registry exited; restarting it')));

    await registry.stop();
    assert.equal(alive(second), false);
    await assert.rejects(fetch(`http://${addr}/v2/`));
    registry = null;
  });

  test('never logs the notification secret the registry prints', () => {
    const secret = registryNotificationSecret(SECRET);
    assert.ok(lines.some((line) => line.includes('configuring endpoint latchkey')), 'the registry line about its endpoint was logged');
    assert.ok(lines.every((line) => !line.includes(secret)));
  });
});

describe('startRegistrySupervisor', () => {
  test('logs an error and gives up when the binary is not on PATH', async () => {
    const { log, lines } = capturingLogger();
    const supervisor = startRegistrySupervisor({ configFile: '/nonexistent/config.yml', log, binary: 'docker-registry-not-installed', initialBackoffMs: 10 });
    await eventually('the error', async () => (lines.some((line) => line.includes('was not found on PATH')) ? true : undefined));
    assert.equal(supervisor.pid(), null);
    await supervisor.stop();
    assert.equal(supervisor.starts(), 1);
  });
});
