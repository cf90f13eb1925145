import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const CWD = path.resolve('/srv/latchkey');

describe('loadConfig', () => {
  test('loadConfig with an empty environment gives the documented defaults', () => {
    const config = loadConfig({}, CWD);
    assert.equal(config.dataDir, path.join(CWD, 'data'));
    assert.deepEqual(config.database, { dialect: 'sqlite', file: path.join(CWD, 'data', 'latchkey.sqlite3') });
    assert.equal(config.httpHost, '127.0.0.1');
    assert.equal(config.httpPort, 8080);
    assert.equal(config.externalUrl, 'http://127.0.0.1:8080');
    assert.equal(config.externalHost, '127.0.0.1');
    assert.equal(config.readCacheEntries, 20_000);
    assert.equal(config.rootPassword, null);
    assert.equal(config.secret, null);
    assert.equal(config.tokenPrefix, 'glpat-');
    assert.equal(config.allowTokenInQuery, true);
    assert.equal(config.requireTokenExpiry, false);
    assert.equal(config.maxTokenLifetimeDays, null);
    assert.equal(config.botRetentionDays, 30);
    assert.equal(config.sshHost, '127.0.0.1');
    assert.equal(config.sshPort, 2222);
    assert.equal(config.logLevel, 'info');
  });

  test('loadConfig treats blank values as unset', () => {
    const config = loadConfig({ LATCHKEY_HTTP_PORT: '  ', LATCHKEY_DATA_DIR: '', LATCHKEY_LOG_LEVEL: ' ' }, CWD);
    assert.equal(config.httpPort, 8080);
    assert.equal(config.dataDir, path.join(CWD, 'data'));
    assert.equal(config.logLevel, 'info');
  });

  test('loadConfig reads every variable', () => {
    const config = loadConfig(
      {
        LATCHKEY_DATA_DIR: 'state',
        LATCHKEY_DATABASE_URL: 'postgres://latchkey:pw@db.internal:5432/latchkey',
        LATCHKEY_HTTP_HOST: '0.0.0.0',
        LATCHKEY_HTTP_PORT: '9090',
        LATCHKEY_EXTERNAL_URL: 'https://git.example.com/',
        LATCHKEY_ROOT_PASSWORD: 'long-enough-password',
        LATCHKEY_SECRET: 's'.repeat(32),
        LATCHKEY_TOKEN_PREFIX: 'lkpat-',
        LATCHKEY_ALLOW_TOKEN_IN_QUERY: 'false',
        LATCHKEY_REQUIRE_TOKEN_EXPIRY: 'yes',
        LATCHKEY_MAX_TOKEN_LIFETIME_DAYS: '365',
        LATCHKEY_BOT_RETENTION_DAYS: '0',
        LATCHKEY_SSH_HOST: '::1',
        LATCHKEY_SSH_PORT: '22',
        LATCHKEY_LOG_LEVEL: 'WARN',
        LATCHKEY_READ_CACHE_ENTRIES: '0',
      },
      CWD,
    );
    assert.equal(config.dataDir, path.join(CWD, 'state'));
    assert.deepEqual(config.database, { dialect: 'postgres', url: 'postgres://latchkey:pw@db.internal:5432/latchkey' });
    assert.equal(config.httpHost, '0.0.0.0');
    assert.equal(config.httpPort, 9090);
    assert.equal(config.externalUrl, 'https://git.example.com');
    assert.equal(config.externalHost, 'git.example.com');
    assert.equal(config.readCacheEntries, 0);
    assert.equal(config.rootPassword, 'long-enough-password');
    assert.equal(config.secret, 's'.repeat(32));
    assert.equal(config.tokenPrefix, 'lkpat-');
    assert.equal(config.allowTokenInQuery, false);
    assert.equal(config.requireTokenExpiry, true);
    assert.equal(config.maxTokenLifetimeDays, 365);
    assert.equal(config.botRetentionDays, 0);
    assert.equal(config.sshHost, '::1');
    assert.equal(config.sshPort, 22);
    assert.equal(config.logLevel, 'warn');
  });

  test('loadConfig accepts sqlite: URLs relative to the working directory and postgresql:// URLs', () => {
    assert.deepEqual(loadConfig({ LATCHKEY_DATABASE_URL: 'sqlite:db/main.sqlite3' }, CWD).database, {
      dialect: 'sqlite',
      file: path.join(CWD, 'db', 'main.sqlite3'),
    });
    assert.equal(loadConfig({ LATCHKEY_DATABASE_URL: 'postgresql://u@h/db' }, CWD).database.dialect, 'postgres');
  });

  test('loadConfig derives the external URL from an IPv6 listen address, bracketed or not', () => {
    for (const host of ['::1', '[::1]']) {
      const config = loadConfig({ LATCHKEY_HTTP_HOST: host, LATCHKEY_HTTP_PORT: '8081' }, CWD);
      assert.equal(config.httpHost, '::1');
      assert.equal(config.externalUrl, 'http://[::1]:8081');
    }
  });

  const INVALID: [string, string][] = [
    ['LATCHKEY_DATABASE_URL', 'mysql://x/y'],
    ['LATCHKEY_DATABASE_URL', 'postgres://user@:5432/db'],
    ['LATCHKEY_DATABASE_URL', 'sqlite:'],
    ['LATCHKEY_HTTP_HOST', 'not a host'],
    ['LATCHKEY_HTTP_HOST', 'host/path'],
    ['LATCHKEY_HTTP_PORT', 'abc'],
    ['LATCHKEY_HTTP_PORT', '-1'],
    ['LATCHKEY_HTTP_PORT', '65536'],
    ['LATCHKEY_HTTP_PORT', '80.5'],
    ['LATCHKEY_HTTP_PORT', '99999999999999999999999'],
    ['LATCHKEY_EXTERNAL_URL', 'git.example.com'],
    ['LATCHKEY_EXTERNAL_URL', 'ftp://git.example.com'],
    ['LATCHKEY_EXTERNAL_URL', 'https://user:pw@git.example.com'],
    ['LATCHKEY_EXTERNAL_URL', 'https://git.example.com/?a=b'],
    ['LATCHKEY_EXTERNAL_URL', 'https://git.example.com/#top'],
    ['LATCHKEY_ROOT_PASSWORD', 'short'],
    ['LATCHKEY_ROOT_PASSWORD', 'p'.repeat(129)],
    ['LATCHKEY_SECRET', 'too-short'],
    ['LATCHKEY_TOKEN_PREFIX', 'has space'],
    ['LATCHKEY_TOKEN_PREFIX', 'x'.repeat(21)],
    ['LATCHKEY_ALLOW_TOKEN_IN_QUERY', 'maybe'],
    ['LATCHKEY_REQUIRE_TOKEN_EXPIRY', '2'],
    ['LATCHKEY_MAX_TOKEN_LIFETIME_DAYS', '0'],
    ['LATCHKEY_MAX_TOKEN_LIFETIME_DAYS', 'forever'],
    ['LATCHKEY_BOT_RETENTION_DAYS', '-5'],
    ['LATCHKEY_SSH_HOST', 'bad host!'],
    ['LATCHKEY_SSH_PORT', '70000'],
    ['LATCHKEY_SSH_PORT', 'ssh'],
    ['LATCHKEY_READ_CACHE_ENTRIES', '-1'],
    ['LATCHKEY_LOG_LEVEL', 'verbose'],
    ['LATCHKEY_TRUSTED_PROXIES', 'proxy.example.com'],
    ['LATCHKEY_REGISTRY_ADDR', 'no-port'],
    ['LATCHKEY_REGISTRY', 'sometimes'],
    // metrics
    ['LATCHKEY_METRICS_ALLOWED_IPS', '127.0.0.1,monitoring.example.com'],
    ['LATCHKEY_METRICS_ALLOWED_IPS', '10.0.0.0/33'],
    ['LATCHKEY_METRICS_TOKEN', 'short'],
  ];

  for (const [name, value] of INVALID) {
    test(`loadConfig stops with a message naming ${name} for ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}...` : value)}`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }, CWD),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
          assert.ok(error.message.includes(name), error.message);
          assert.ok(!error.message.includes('\n'), 'one line');
          return true;
        },
      );
    });
  }

  test('loadConfig never repeats a secret value in its message', () => {
    const cases: [string, string][] = [
      ['LATCHKEY_SECRET', 'tiny-secret-value'],
      ['LATCHKEY_ROOT_PASSWORD', 'pw-1234'],
      ['LATCHKEY_DATABASE_URL', 'postgres://user:hunter2@:5432/db'],
      ['LATCHKEY_METRICS_TOKEN', 'scrape-me'],
    ];
    for (const [name, value] of cases) {
      assert.throws(
        () => loadConfig({ [name]: value }, CWD),
        (error: unknown) => error instanceof ConfigError && !error.message.includes(value) && !error.message.includes('hunter2'),
        name,
      );
    }
  });

  test('loadConfig says where Latchkey reaches the registry API: the URL clients use, or the embedded listen address', () => {
    assert.equal(loadConfig({}, CWD).registry.apiUrl, null);
    assert.equal(loadConfig({ LATCHKEY_REGISTRY_URL: 'https://registry.example.com/' }, CWD).registry.apiUrl, 'https://registry.example.com');
    assert.equal(loadConfig({ LATCHKEY_REGISTRY: 'embedded', LATCHKEY_REGISTRY_ADDR: '127.0.0.1:5001' }, CWD).registry.apiUrl, 'http://127.0.0.1:5001');
    assert.equal(loadConfig({ LATCHKEY_REGISTRY: 'embedded', LATCHKEY_REGISTRY_ADDR: '0.0.0.0:5002' }, CWD).registry.apiUrl, 'http://127.0.0.1:5002');
    assert.equal(loadConfig({ LATCHKEY_REGISTRY: 'embedded', LATCHKEY_REGISTRY_ADDR: '[::]:5003' }, CWD).registry.apiUrl, 'http://[::1]:5003');
  });

  // metrics
  test('loadConfig lets only loopback read the metrics by default, and takes an allowlist and a bearer token', () => {
    assert.deepEqual(loadConfig({}, CWD).metrics, { allowedIps: ['127.0.0.1', '::1'], token: null });
    const config = loadConfig({ LATCHKEY_METRICS_ALLOWED_IPS: ' 10.1.0.0/16, 2001:DB8::/32 ', LATCHKEY_METRICS_TOKEN: 'a-long-scrape-token' }, CWD);
    assert.deepEqual(config.metrics, { allowedIps: ['10.1.0.0/16', '2001:db8::/32'], token: 'a-long-scrape-token' });
  });
});
