import { spawn } from 'node:child_process';
import path from 'node:path';
import { apiCall, startLatchkey, type LatchkeyProcess } from '../test/helpers/latchkey-process.ts';
import { pinServer } from './lib/cpu-pinning.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { createBenchDatabase } from './lib/postgres-database.ts';
import { peakRssMb } from './lib/process-memory.ts';
import type { ResultRow } from './lib/report.ts';
import { setupInstance } from './lib/setup-instance.ts';
import { summarize } from './lib/stats.ts';
import type { BenchSettings } from './settings.ts';

async function startBareServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'lib', 'bare-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (c: Buffer) => resolve(c.toString().trim())));
  pinServer(child.pid);
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** A project in a subgroup (Top / Child / nested) and a project access token of its own. */
async function nestedProject(server: LatchkeyProcess, rootToken: string): Promise<{ projectId: number; token: string }> {
  const top = await apiCall(server.url, rootToken, 'POST', '/groups', { name: 'Top', path: 'top' });
  const child = await apiCall(server.url, rootToken, 'POST', '/groups', { name: 'Child', path: 'child', parent_id: top.id });
  const project = await apiCall(server.url, rootToken, 'POST', '/projects', { name: 'nested', namespace_id: child.id });
  const token = await apiCall(server.url, rootToken, 'POST', `/projects/${project.id}/access_tokens`, { name: 'nested-bot', scopes: ['api'], access_level: 40 });
  return { projectId: project.id, token: token.token };
}

/**
 * Benchmark 1: what authentication costs per request. The same server's unauthenticated liveness
 * probe and a bare node:http server are measured in the same run, alternating round by round.
 */
export async function benchApiAuth(settings: BenchSettings, dialect: 'sqlite' | 'postgres'): Promise<{ rows: ResultRow[]; peakRssMb: number | null }> {
  const database = dialect === 'postgres' ? await createBenchDatabase() : null;
  const server = await startLatchkey(database ? { LATCHKEY_DATABASE_URL: database.url } : {});
  // The same build with its read cache off, on its own database: what each request costs when
  // it reads the token, project and membership from the database (the "before" of the cache).
  const uncachedDatabase = dialect === 'postgres' ? await createBenchDatabase() : null;
  const uncached = await startLatchkey({ LATCHKEY_READ_CACHE_ENTRIES: '0', ...(uncachedDatabase && { LATCHKEY_DATABASE_URL: uncachedDatabase.url }) });
  // And with token activity recording off (LATCHKEY_TOKEN_ACTIVITY_DAYS=0): what recording each
  // use costs, side by side with the same routes recorded.
  const quietDatabase = dialect === 'postgres' ? await createBenchDatabase() : null;
  const quiet = await startLatchkey({ LATCHKEY_TOKEN_ACTIVITY_DAYS: '0', ...(quietDatabase && { LATCHKEY_DATABASE_URL: quietDatabase.url }) });
  const bare = await startBareServer();
  for (const started of [server, uncached, quiet]) pinServer(started.child.pid);
  try {
    const instance = await setupInstance(server);
    const uncachedInstance = await setupInstance(uncached);
    const quietInstance = await setupInstance(quiet);
    const quietAuth = { 'private-token': quietInstance.projectToken };
    const auth = { 'private-token': instance.projectToken };
    const uncachedAuth = { 'private-token': uncachedInstance.projectToken };
    // `status`: the answer a subject expects when it is not a 2xx (a refusal measured on purpose).
    // Most projects live in groups: one two levels down, read with its own project token.
    const nested = await nestedProject(server, instance.rootToken);
    // `target`: the issue's target (#22), a share of liveness; `recorded`: the row this "recording
    // off" one is compared with.
    const subjects: { name: string; url: string; headers?: Record<string, string>; status?: number; target?: number; recorded?: string }[] = [
      { name: 'bare node:http (limit)', url: `${bare.url}/` },
      { name: 'GET /-/liveness (no auth)', url: `${server.url}/-/liveness` },
      { name: 'GET /personal_access_tokens/self', url: `${server.url}/api/v4/personal_access_tokens/self`, headers: auth, target: 0.6 },
      { name: 'GET /projects/:id', url: `${server.url}/api/v4/projects/${instance.projectId}`, headers: auth, target: 0.6 },
      { name: 'GET /projects/:id, in a subgroup', url: `${server.url}/api/v4/projects/${nested.projectId}`, headers: { 'private-token': nested.token } },
      {
        name: 'GET /personal_access_tokens/self, read cache off',
        url: `${uncached.url}/api/v4/personal_access_tokens/self`,
        headers: uncachedAuth,
      },
      { name: 'GET /projects/:id, read cache off', url: `${uncached.url}/api/v4/projects/${uncachedInstance.projectId}`, headers: uncachedAuth },
      {
        name: 'GET /personal_access_tokens/self, activity recording off',
        url: `${quiet.url}/api/v4/personal_access_tokens/self`,
        headers: quietAuth,
        recorded: 'GET /personal_access_tokens/self',
      },
      { name: 'GET /projects/:id, activity recording off', url: `${quiet.url}/api/v4/projects/${quietInstance.projectId}`, headers: quietAuth, recorded: 'GET /projects/:id' },
      // Refusals that need no database: a token of the wrong shape (401) and a route that does not exist (404).
      {
        name: 'GET /projects/:id, malformed token (401)',
        url: `${server.url}/api/v4/projects/${instance.projectId}`,
        headers: { 'private-token': 'not-a-token' },
        status: 401,
        target: 0.85,
      },
      { name: 'GET /api/v4/unknown route (404)', url: `${server.url}/api/v4/no/such/route`, status: 404, target: 0.85 },
    ];
    const results = new Map<string, LoadResult[]>(subjects.map((s) => [s.name, []]));
    // Warm-up, then alternate subjects round by round so machine noise hits all of them alike.
    const load = (subject: (typeof subjects)[number], seconds: number) =>
      runLoad(subject.url, { seconds, connections: settings.connections, headers: subject.headers, expectStatus: subject.status });
    for (const subject of subjects) {
      const answer = await fetch(subject.url, { headers: subject.headers });
      await answer.arrayBuffer();
      if (answer.status !== (subject.status ?? 200)) throw new Error(`${subject.name}: answered ${answer.status}`);
      await load(subject, 1);
    }
    for (let round = 0; round < settings.rounds; round++) {
      // Reversed every other round, as the transfer benchmarks do: no subject always goes first.
      for (const subject of round % 2 === 0 ? subjects : [...subjects].reverse()) {
        const result = await load(subject, settings.seconds);
        if (result.errors > 0 || result.unexpected > 0) throw new Error(`${subject.name}: ${result.errors} errors, ${result.unexpected} unexpected answers`);
        results.get(subject.name)!.push(result);
      }
    }
    const rps = (name: string) => summarize(results.get(name)!.map((r) => r.requestsPerSecond));
    const liveness = rps(subjects[1]!.name);
    const limit = rps(subjects[0]!.name);
    const rows: ResultRow[] = subjects.map((subject, index) => {
      const summary = rps(subject.name);
      const runs = results.get(subject.name)!;
      const authenticated = index >= 2;
      const { target, recorded } = subject;
      return {
        benchmark: `1. API auth (${dialect}, ${settings.connections} connections)`,
        subject: subject.name,
        metric: 'req/s',
        better: 'higher',
        summary,
        reference:
          index === 0
            ? undefined
            : recorded !== undefined
              ? { subject: 'recorded', median: rps(recorded).median }
              : authenticated
                ? { subject: 'liveness', median: liveness.median }
                : { subject: 'bare node:http', median: limit.median },
        extra: {
          'p50 ms': summarize(runs.map((r) => r.p50Ms)).median,
          'p99 ms': summarize(runs.map((r) => r.p99Ms)).median,
        },
        ...(target !== undefined && { target: { description: `≥ ${target}× liveness`, met: summary.median >= target * liveness.median } }),
      };
    });
    return { rows, peakRssMb: peakRssMb(server.child.pid!) };
  } finally {
    bare.stop();
    await server.stop();
    await uncached.stop();
    await quiet.stop();
    await database?.drop();
    await uncachedDatabase?.drop();
    await quietDatabase?.drop();
  }
}
