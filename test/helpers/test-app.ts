import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { bootstrapRoot } from '../../src/services/users/bootstrap-instance.ts';
import { createPersonalAccessToken } from '../../src/services/tokens/create-personal-access-token.ts';
import { findUserByUsername } from '../../src/db/repositories/users.ts';
import type { Scope } from '../../src/domain/scopes.ts';
import { addDays, utcDate } from '../../src/domain/clock.ts';
import { TestClock } from './clock.ts';
import { createTestDatabase, type Dialect } from './databases.ts';

export const ROOT_PASSWORD = 'root-password-for-tests';

export interface ApiResponse {
  status: number;
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestApp {
  app: App;
  clock: TestClock;
  config: Config;
  /** Every log line the server wrote, as raw JSON text. */
  logs: string[];
  rootToken: string;
  api(method: InjectOptions['method'], url: string, options?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse>;
  /** A human user with a personal access token (scopes default to api). */
  createUser(username: string, options?: { admin?: boolean; scopes?: Scope[] }): Promise<{ id: number; token: string }>;
  close(): Promise<void>;
}

export async function startTestApp(dialect: Dialect, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase(dialect, { migrated: true });
  const config: Config = {
    ...loadConfig({ LATCHKEY_DATA_DIR: db.dataDir, LATCHKEY_ROOT_PASSWORD: ROOT_PASSWORD, LATCHKEY_LOG_LEVEL: 'info', ...env }),
    database: db.database,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const clock = new TestClock();
  const app = await buildApp(config, { clock, log: createLogger('info', sink) });
  await bootstrapRoot(app.deps);
  const root = (await findUserByUsername(app.deps.db, 'root'))!;
  // An instance that requires an expiry date (LATCHKEY_REQUIRE_TOKEN_EXPIRY) gets a root token of one year.
  const rootExpiry = config.requireTokenExpiry && config.maxTokenLifetimeDays === null ? addDays(utcDate(clock.now()), 365) : null;
  const rootToken = (
    await createPersonalAccessToken(app.deps, 'system', { userId: root.id, name: 'root', description: null, scopes: ['api'], expiresAt: rootExpiry })
  ).plain;

  const api: TestApp['api'] = async (method, url, options = {}) => {
    const token = options.token === undefined ? rootToken : options.token;
    const response = await app.http.inject({
      method,
      url: url.startsWith('/') && !url.startsWith('/api/') && !url.startsWith('/-/') ? `/api/v4${url}` : url,
      headers: { ...(token ? { 'private-token': token } : {}), ...options.headers },
      ...(options.body !== undefined && { payload: options.body as InjectOptions['payload'] }),
    });
    let body: unknown = response.body;
    try {
      body = response.body.length > 0 ? JSON.parse(response.body) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.statusCode, body, headers: response.headers };
  };

  return {
    app,
    clock,
    config,
    logs,
    rootToken,
    api,
    async createUser(username, options = {}) {
      const created = await api('POST', '/users', {
        body: { username, email: `${username}@example.com`, name: username, password: 'password-123', admin: options.admin ?? false },
      });
      if (created.status !== 201) throw new Error(`could not create ${username}: ${JSON.stringify(created.body)}`);
      const token = await api('POST', `/users/${created.body.id}/personal_access_tokens`, {
        body: { name: `${username}-token`, scopes: options.scopes ?? ['api'] },
      });
      if (token.status !== 201) throw new Error(`could not create a token for ${username}: ${JSON.stringify(token.body)}`);
      return { id: created.body.id, token: token.body.token };
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
