import { parseArgs } from 'node:util';
import { gitCloneTraffic } from './lib/git-clone-traffic.ts';
import { apiCall, startLatchkey, type LatchkeyProcess } from '../test/helpers/latchkey-process.ts';
import { createBenchDatabase } from './lib/postgres-database.ts';
import { currentRssMb } from './lib/process-memory.ts';
import { setupInstance } from './lib/setup-instance.ts';
import { median } from './lib/stats.ts';

export interface SoakReport {
  dialect: 'sqlite' | 'postgres';
  seconds: number;
  requests: number;
  serverErrors: number;
  /** 4xx answers: every request carries valid credentials and input, so none is expected. */
  refusals: number;
  failures: string[];
  acknowledgedWrites: number;
  lostWrites: number;
  /** Runs of the extra traffic (git clones), and how many of them failed (each failure is also in `failures`). */
  extraRuns: number;
  extraFailures: number;
  rssAfterWarmupMb: number;
  rssAtEndMb: number;
  rssGrowth: number;
}

/** One extra kind of traffic the soak mixes in (git clones plug in here); it throws when it failed. */
export type SoakTraffic = (server: LatchkeyProcess, context: { rootToken: string; projectId: number; projectPath: string }) => Promise<void>;

/**
 * Mixed traffic for `seconds` against one server process: authenticated reads, issue writes
 * (every acknowledged one must exist afterwards), token churn, plus any extra traffic given.
 */
export async function runSoak(options: { seconds: number; dialect: 'sqlite' | 'postgres'; workers?: number; extra?: SoakTraffic[] }): Promise<SoakReport> {
  const database = options.dialect === 'postgres' ? await createBenchDatabase() : null;
  const server = await startLatchkey(database ? { LATCHKEY_DATABASE_URL: database.url } : {});
  const report: SoakReport = {
    dialect: options.dialect,
    seconds: options.seconds,
    requests: 0,
    serverErrors: 0,
    refusals: 0,
    failures: [],
    acknowledgedWrites: 0,
    lostWrites: 0,
    extraRuns: 0,
    extraFailures: 0,
    rssAfterWarmupMb: 0,
    rssAtEndMb: 0,
    rssGrowth: 0,
  };
  try {
    const { rootToken, projectId, projectPath, projectToken } = await setupInstance(server, 'soak');
    const acknowledged: number[] = [];
    const deadline = Date.now() + options.seconds * 1000;
    const call = async (token: string, method: string, route: string, body?: unknown) => {
      report.requests += 1;
      try {
        return await apiCall(server.url, token, method, route, body);
      } catch (error) {
        const message = (error as Error).message;
        if (/: 4\d\d /.test(message)) report.refusals += 1;
        else report.serverErrors += 1;
        if (report.failures.length < 20) report.failures.push(message);
        throw error;
      }
    };
    const kinds: (() => Promise<void>)[] = [
      async () => {
        await call(projectToken, 'GET', `/projects/${projectId}`);
      },
      async () => {
        await call(projectToken, 'GET', `/projects/${projectId}/issues?per_page=5`);
      },
      async () => {
        const issue = await call(projectToken, 'POST', `/projects/${projectId}/issues`, { title: `soak ${Date.now()}` });
        acknowledged.push(issue.iid);
      },
      async () => {
        const token = await call(rootToken, 'POST', `/projects/${projectId}/access_tokens`, { name: 'churn', scopes: ['read_api'] });
        await call(token.token, 'GET', '/personal_access_tokens/self');
        await call(rootToken, 'DELETE', `/projects/${projectId}/access_tokens/${token.id}`);
      },
      ...(options.extra ?? []).map((traffic) => async () => {
        report.extraRuns += 1;
        try {
          await traffic(server, { rootToken, projectId, projectPath });
        } catch (error) {
          report.extraFailures += 1;
          if (report.failures.length < 20) report.failures.push((error as Error).message);
          throw error;
        }
      }),
    ];
    const samples: { at: number; rss: number }[] = [];
    const sampler = setInterval(() => {
      const rss = currentRssMb(server.child.pid!);
      if (rss !== null) samples.push({ at: Date.now(), rss });
    }, 500);
    const workers = Array.from({ length: options.workers ?? 6 }, async (_, w) => {
      for (let i = w; Date.now() < deadline; i++) {
        try {
          await kinds[i % kinds.length]!();
        } catch {
          /* counted in call() when it was a server error */
        }
      }
    });
    await Promise.all(workers);
    clearInterval(sampler);

    // Every acknowledged write is there.
    const present = new Set<number>();
    for (let page = 1; ; page++) {
      const issues = await apiCall(server.url, rootToken, 'GET', `/projects/${projectId}/issues?per_page=100&page=${page}`);
      for (const issue of issues) present.add(issue.iid);
      if (issues.length < 100) break;
    }
    report.acknowledgedWrites = acknowledged.length;
    report.lostWrites = acknowledged.filter((iid) => !present.has(iid)).length;

    const warm = samples.filter((s) => s.at >= samples[0]!.at + (deadline - samples[0]!.at) * 0.3);
    const head = warm.slice(0, Math.max(1, Math.floor(warm.length / 5))).map((s) => s.rss);
    const tail = warm.slice(-Math.max(1, Math.floor(warm.length / 5))).map((s) => s.rss);
    report.rssAfterWarmupMb = median(head);
    report.rssAtEndMb = median(tail);
    report.rssGrowth = report.rssAtEndMb / report.rssAfterWarmupMb - 1;
    return report;
  } finally {
    await server.stop();
    await database?.drop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, dialect: { type: 'string' }, workers: { type: 'string' } } });
  const seconds = Number(values.seconds ?? 300);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  const dialects = values.dialect ? [values.dialect as 'sqlite' | 'postgres'] : (['sqlite', 'postgres'] as const);
  let ok = true;
  for (const dialect of dialects) {
    const report = await runSoak({ seconds, dialect, workers, extra: [gitCloneTraffic()] });
    const passed = report.serverErrors === 0 && report.refusals === 0 && report.extraFailures === 0 && report.lostWrites === 0 && report.rssGrowth < 0.1;
    process.stdout.write(
      [
        `soak ${dialect}, ${seconds} s: ${passed ? 'PASS' : 'FAIL'}`,
        `  requests ${report.requests} (${(report.requests / seconds).toFixed(0)}/s), 5xx ${report.serverErrors}, 4xx ${report.refusals}`,
        `  git clones ${report.extraRuns}, failed ${report.extraFailures}`,
        `  writes acknowledged ${report.acknowledgedWrites}, lost ${report.lostWrites}`,
        `  rss after warm-up ${report.rssAfterWarmupMb.toFixed(1)} MB, at end ${report.rssAtEndMb.toFixed(1)} MB, growth ${(report.rssGrowth * 100).toFixed(1)}% (limit 10%)`,
        ...report.failures.map((failure) => `  failure: ${failure}`),
        `${JSON.stringify(report)}`,
        '',
      ].join('\n'),
    );
    ok &&= passed;
  }
  process.exit(ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
