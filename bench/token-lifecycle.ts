import { apiCall, startLatchkey } from '../test/helpers/latchkey-process.ts';
import { createBenchDatabase } from './lib/postgres-database.ts';
import type { ResultRow } from './lib/report.ts';
import { setupInstance } from './lib/setup-instance.ts';
import { summarize } from './lib/stats.ts';
import type { BenchSettings } from './settings.ts';

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Benchmark 3: project access token creates/s and revokes/s (bot user, membership, audit event each). */
export async function benchTokenLifecycle(settings: BenchSettings, dialect: 'sqlite' | 'postgres'): Promise<ResultRow[]> {
  const database = dialect === 'postgres' ? await createBenchDatabase() : null;
  const server = await startLatchkey(database ? { LATCHKEY_DATABASE_URL: database.url } : {});
  try {
    const { rootToken, projectId } = await setupInstance(server);
    const creates: number[] = [];
    const revokes: number[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      const names = Array.from({ length: settings.lifecycleTokens }, (_, i) => `t${round}-${i}`);
      const ids: number[] = [];
      let start = performance.now();
      await inParallel(names, settings.lifecycleConcurrency, async (name) => {
        const token = await apiCall(server.url, rootToken, 'POST', `/projects/${projectId}/access_tokens`, { name, scopes: ['read_api'] });
        ids.push(token.id);
      });
      creates.push(names.length / ((performance.now() - start) / 1000));
      start = performance.now();
      await inParallel(ids, settings.lifecycleConcurrency, async (id) => {
        await apiCall(server.url, rootToken, 'DELETE', `/projects/${projectId}/access_tokens/${id}`);
      });
      revokes.push(ids.length / ((performance.now() - start) / 1000));
    }
    const name = `3. Token lifecycle (${dialect}, ${settings.lifecycleConcurrency} concurrent)`;
    return [
      { benchmark: name, subject: 'create project access token', metric: 'tokens/s', better: 'higher', summary: summarize(creates) },
      { benchmark: name, subject: 'revoke (bot to ghost)', metric: 'tokens/s', better: 'higher', summary: summarize(revokes) },
    ];
  } finally {
    await server.stop();
    await database?.drop();
  }
}
