import { startLatchkey, type LatchkeyProcess } from '../test/helpers/latchkey-process.ts';
import { pinServer } from './lib/cpu-pinning.ts';
import { runLoad } from './lib/load.ts';
import { createBenchDatabase } from './lib/postgres-database.ts';
import type { ResultRow } from './lib/report.ts';
import { seedTokens } from './lib/seed-tokens.ts';
import { setupInstance } from './lib/setup-instance.ts';
import { summarize } from './lib/stats.ts';
import type { BenchSettings } from './settings.ts';

/**
 * Benchmark 2: lookup cost must not depend on how many tokens exist. Two servers, one seeded
 * with few tokens and one with many, loaded alternately in the same run. Their read cache is off,
 * so every request looks its token up by digest in the database (with the cache on, a busy token
 * costs no lookup at all, which would hide what this measures).
 */
export async function benchTokenScaling(settings: BenchSettings, dialect: 'sqlite' | 'postgres'): Promise<ResultRow[]> {
  const sizes = [settings.fewTokens, settings.manyTokens];
  const instances: { size: number; server: LatchkeyProcess; token: string; drop?: () => Promise<void> }[] = [];
  try {
    for (const size of sizes) {
      const database = dialect === 'postgres' ? await createBenchDatabase() : null;
      const server = await startLatchkey({
        LATCHKEY_READ_CACHE_ENTRIES: '0',
        ...(database && { LATCHKEY_DATABASE_URL: database.url }),
      });
      pinServer(server.child.pid);
      instances.push({ size, server, token: '', drop: database?.drop });
      const setup = await setupInstance(server);
      await seedTokens(database ? { postgresUrl: database.url } : { sqliteDataDir: server.dataDir }, size);
      instances.at(-1)!.token = setup.projectToken;
    }
    const runs = new Map<number, number[]>(sizes.map((s) => [s, []]));
    for (const i of instances) await runLoad(`${i.server.url}/api/v4/personal_access_tokens/self`, { seconds: 1, connections: settings.connections, headers: { 'private-token': i.token } });
    for (let round = 0; round < settings.rounds; round++) {
      for (const i of round % 2 === 0 ? instances : [...instances].reverse()) {
        const result = await runLoad(`${i.server.url}/api/v4/personal_access_tokens/self`, {
          seconds: settings.seconds,
          connections: settings.connections,
          headers: { 'private-token': i.token },
        });
        if (result.errors > 0 || result.non2xx > 0) throw new Error(`scaling ${i.size}: ${result.non2xx} non-2xx`);
        runs.get(i.size)!.push(result.requestsPerSecond);
      }
    }
    const few = summarize(runs.get(sizes[0]!)!);
    const many = summarize(runs.get(sizes[1]!)!);
    const name = `2. Token count scaling (${dialect}, read cache off)`;
    return [
      { benchmark: name, subject: `${sizes[0]!.toLocaleString('en')} tokens`, metric: 'req/s', better: 'higher', summary: few },
      {
        benchmark: name,
        subject: `${sizes[1]!.toLocaleString('en')} tokens`,
        metric: 'req/s',
        better: 'higher',
        summary: many,
        reference: { subject: `${sizes[0]!.toLocaleString('en')} tokens`, median: few.median },
        target: { description: '≥ 0.95×', met: many.median >= 0.95 * few.median },
      },
    ];
  } finally {
    for (const i of instances) {
      await i.server.stop();
      await i.drop?.();
    }
  }
}
