import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { writeRegistryConfig } from '../../src/registry/registry-config-file.ts';
import { registryFiles } from '../../src/registry/signing-key.ts';
import { startRegistrySupervisor, type RegistrySupervisor } from '../../src/registry/supervisor.ts';
import type { TestApp } from '../helpers/test-app.ts';

export { freePort } from '../helpers/ports.ts';
export { buildOciImage } from '../helpers/oci-image.ts';

export interface JwtAuthResponse {
  status: number;
  body: any;
}

/** GET /jwt/auth as a registry client asks: service, each scope, HTTP Basic (or none). */
export async function jwtAuth(
  t: TestApp,
  scopes: string[],
  credentials: { username: string; password: string } | string | null,
  service = 'container_registry',
): Promise<JwtAuthResponse> {
  const query = new URLSearchParams();
  if (service) query.set('service', service);
  for (const scope of scopes) query.append('scope', scope);
  const authorization =
    credentials === null
      ? undefined
      : typeof credentials === 'string'
        ? credentials
        : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const response = await t.app.http.inject({
    method: 'GET',
    url: `/jwt/auth?${query}`,
    headers: authorization ? { authorization } : {},
  });
  return { status: response.statusCode, body: response.body.length > 0 ? JSON.parse(response.body) : null };
}

export const basic = (password: string, username = 'any') => ({ username, password });

export interface RegistryClaims extends JWTPayload {
  access: { type: string; name: string; actions: string[] }[];
}

/** Verifies a registry token with the certificate Distribution would use, at the app's clock. */
export async function verifyRegistryToken(t: TestApp, token: string): Promise<{ header: ReturnType<typeof decodeProtectedHeader>; claims: RegistryClaims }> {
  const certificate = new X509Certificate(readFileSync(registryFiles(t.config.dataDir).certificate));
  const { payload } = await jwtVerify(token, certificate.publicKey, {
    issuer: 'latchkey-issuer',
    audience: 'container_registry',
    algorithms: ['RS256'],
    currentDate: t.clock.now(),
  });
  return { header: decodeProtectedHeader(token), claims: payload as RegistryClaims };
}

/** The access a /jwt/auth answer grants (asserting a 200 with a verifiable token). */
export async function grantedAccess(t: TestApp, response: JwtAuthResponse): Promise<RegistryClaims['access']> {
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${JSON.stringify(response.body)}`);
  return (await verifyRegistryToken(t, response.body.token)).claims.access;
}

export const UNAUTHORIZED_BODY = { errors: [{ code: 'UNAUTHORIZED', message: 'HTTP Basic: Access denied' }] };

/** Polls until `check` returns a value (not undefined), or throws after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs skopeo (found on PATH) with its own accept-anything policy and a private HOME. */
export function skopeo(workDir: string, args: string[]): Promise<CommandResult> {
  const policy = path.join(workDir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  return new Promise((resolve) => {
    execFile(
      'skopeo',
      ['--policy', policy, ...args],
      { env: { PATH: process.env.PATH, HOME: workDir, TMPDIR: workDir }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * A real Distribution registry at `registryHost` that uses the test app as its token service: the
 * app listens on a port of 127.0.0.1 (the registry's realm and notifications) and its clock is set
 * to the real time, which the registry checks a token's iat/nbf/exp against. Resolves once the
 * registry answers; stop it with `stop()` before closing the app.
 */
export async function startRegistryFor(t: TestApp, registryHost: string): Promise<RegistrySupervisor> {
  t.clock.set(new Date().toISOString());
  await t.app.http.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.http.server.address() as { port: number };
  const { file } = writeRegistryConfig(t.config, t.app.deps.secret, { addr: registryHost, latchkeyUrl: `http://127.0.0.1:${port}` });
  const registry = startRegistrySupervisor({ configFile: file, log: t.app.deps.log });
  await eventually('the registry to listen', async () => ((await fetch(`http://${registryHost}/v2/`)).status === 401 ? true : undefined));
  return registry;
}
