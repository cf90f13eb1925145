import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiCall, startLatchkey } from '../test/helpers/latchkey-process.ts';
import { pinServer } from './lib/cpu-pinning.ts';
import { processCpuMs } from './lib/process-cpu.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { createBenchDatabase } from './lib/postgres-database.ts';
import type { ResultRow } from './lib/report.ts';
import { writeRotatingTokensScript } from './lib/rotating-tokens-script.ts';
import { setupInstance } from './lib/setup-instance.ts';
import { summarize } from './lib/stats.ts';
import type { BenchSettings } from './settings.ts';

/** Read-cache misses (database reads) so far by kind, from the node's metrics. */
async function cacheMisses(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/-/metrics`)).text();
  const misses: Record<string, number> = {};
  for (const match of text.matchAll(/^latchkey_read_cache_misses_total\{kind="(\w+)"\} (\d+)/gm)) misses[match[1]!] = Number(match[2]);
  return misses;
}

/** Misses per 1,000 reads of A between two scrapes: tokens and memberships, and the rest (projects, issue counts). */
function missesPer1k(before: Record<string, number>, after: Record<string, number>, requests: number) {
  const moved = (kinds: string[]) => (kinds.reduce((sum, kind) => sum + (after[kind] ?? 0) - (before[kind] ?? 0), 0) / requests) * 1000;
  return { credentials: moved(['credentials', 'members']), projects: moved(['projects', 'issues']) };
}

/** Project access tokens (read_api, Reporter) on one project, `concurrency` created at a time. */
async function createTokens(url: string, rootToken: string, projectId: number, count: number): Promise<string[]> {
  const tokens: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const created = await apiCall(url, rootToken, 'POST', `/projects/${projectId}/access_tokens`, {
        name: `reader-${n}`,
        scopes: ['read_api'],
        access_level: 20,
      });
      tokens.push(created.token);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return tokens;
}

/** Adds a note to an issue of project B every `everyMs` (one at a time: a slow answer delays the next) until stopped. */
function startNoteWriter(url: string, token: string, projectId: number, iid: number, everyMs: number): { stop(): Promise<number> } {
  let running = true;
  let written = 0;
  const loop = (async () => {
    let due = performance.now();
    while (running) {
      await apiCall(url, token, 'POST', `/projects/${projectId}/issues/${iid}/notes`, { body: `note ${written}` });
      written += 1;
      due += everyMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      else due = performance.now();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return written;
    },
  };
}

/**
 * Benchmark 7: cache under activity. Token-authenticated reads of project A rotating over many
 * project access tokens (a wrk Lua script), with project B idle, then with B receiving a note
 * every 10 ms through the API (a writer in this process; on PostgreSQL sent to a second node),
 * alternating round by round. What another project's activity costs A's readers: the writes themselves, and whatever
 * of A's cached tokens, memberships and project they make the node read again.
 */
export async function benchCacheActivity(settings: BenchSettings, dialect: 'sqlite' | 'postgres'): Promise<ResultRow[]> {
  const database = dialect === 'postgres' ? await createBenchDatabase() : null;
  // PostgreSQL: B's notes arrive on a second node (the same database and secret), as behind a load
  // balancer, so the first node's cache misses are all its readers'. SQLite: one node does both.
  const shared: Record<string, string> = database ? { LATCHKEY_DATABASE_URL: database.url, LATCHKEY_SECRET: randomBytes(24).toString('hex') } : {};
  const server = await startLatchkey(shared);
  const writerNode = database ? await startLatchkey(shared) : server;
  pinServer(server.child.pid);
  const scriptDir = mkdtempSync(path.join(tmpdir(), 'latchkey-bench-activity-'));
  try {
    const a = await setupInstance(server, 'project-a');
    const b = await apiCall(server.url, a.rootToken, 'POST', '/projects', { name: 'project-b' });
    const issue = await apiCall(server.url, a.rootToken, 'POST', `/projects/${b.id}/issues`, { title: 'Busy' });
    const tokens = await createTokens(server.url, a.rootToken, a.projectId, settings.activityTokens);
    const script = path.join(scriptDir, 'rotate.lua');
    writeRotatingTokensScript(script, `/api/v4/projects/${a.projectId}`, tokens);

    const subjects = ['B idle', `B gets a note every ${settings.noteEveryMs} ms`] as const;
    const runs = new Map<string, { load: LoadResult; misses: ReturnType<typeof missesPer1k>; notesPerSecond: number; cpuPerReadUs: number }[]>(subjects.map((s) => [s, []]));
    const measure = async (subject: (typeof subjects)[number]) => {
      const writer = subject === subjects[1] ? startNoteWriter(writerNode.url, a.rootToken, b.id, issue.iid, settings.noteEveryMs) : null;
      const missesBefore = await cacheMisses(server.url);
      const cpuBefore = processCpuMs(server.child.pid!);
      // A generous timeout: on a shared two-core machine a request may wait seconds; it must not count as an error.
      const load = await runLoad(server.url, { seconds: settings.seconds, connections: settings.connections, script, timeoutSeconds: 30 });
      const cpuAfter = processCpuMs(server.child.pid!);
      const missesAfter = await cacheMisses(server.url);
      const notes = (await writer?.stop()) ?? 0;
      if (load.errors > 0 || load.non2xx > 0) throw new Error(`${subject}: ${load.errors} errors, ${load.non2xx} non-2xx responses`);
      const requests = load.requestsPerSecond * settings.seconds;
      // The reading node's own CPU per read of A: what B's activity costs the reads themselves, apart
      // from the CPU the writes take from them. On SQLite it includes writing B's notes.
      const cpuPerReadUs = cpuBefore === null || cpuAfter === null ? NaN : ((cpuAfter - cpuBefore) * 1000) / requests;
      return { load, misses: missesPer1k(missesBefore, missesAfter, requests), notesPerSecond: notes / settings.seconds, cpuPerReadUs };
    };
    // Warm-up: every token read once, and the writer's path.
    await measure(subjects[0]);
    await measure(subjects[1]);
    for (let round = 0; round < settings.rounds; round++) {
      for (const subject of round % 2 === 0 ? subjects : [...subjects].reverse()) runs.get(subject)!.push(await measure(subject));
    }
    const idle = summarize(runs.get(subjects[0])!.map((r) => r.load.requestsPerSecond));
    const name = `7. Cache under activity (${dialect}, ${settings.activityTokens.toLocaleString('en')} tokens, ${settings.connections} connections)`;
    return subjects.map((subject, index) => {
      const results = runs.get(subject)!;
      const summary = summarize(results.map((r) => r.load.requestsPerSecond));
      return {
        benchmark: name,
        subject: `GET /projects/:id (project A), ${subject}`,
        metric: 'req/s',
        better: 'higher',
        summary,
        extra: {
          'p99 ms': summarize(results.map((r) => r.load.p99Ms)).median,
          // SQLite: the writer's own reads count too (its token, project B), about one per note.
          'token+membership misses per 1k reads': summarize(results.map((r) => r.misses.credentials)).median,
          'project+count misses per 1k reads': summarize(results.map((r) => r.misses.projects)).median,
          'reading node CPU µs per read': summarize(results.map((r) => r.cpuPerReadUs)).median,
          ...(index === 1 && { 'notes/s': summarize(results.map((r) => r.notesPerSecond)).median }),
        },
        ...(index === 1 && {
          reference: { subject: subjects[0], median: idle.median },
          target: { description: '≥ 0.8× B idle', met: summary.median >= 0.8 * idle.median },
        }),
      };
    });
  } finally {
    rmSync(scriptDir, { recursive: true, force: true });
    if (writerNode !== server) await writerNode.stop();
    await server.stop();
    await database?.drop();
  }
}
