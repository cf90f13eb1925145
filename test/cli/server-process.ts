import type { ChildProcess } from 'node:child_process';
import { run as runInEnv, spawnServer, type Finished } from '../helpers/latchkey-process.ts';
import { BIN, compiledCli } from '../helpers/compiled-cli.ts';
import { createTestDatabase, type Dialect } from '../helpers/databases.ts';

// Tests of the server and the CLI as processes; the process handling itself is
// test/helpers/latchkey-process.ts (which the benchmarks use too).

export { freePort } from '../helpers/ports.ts';
export type { Finished } from '../helpers/latchkey-process.ts';

/** The environment of a child: this process's, without any LATCHKEY_* variable, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LATCHKEY_')));
  return { ...base, ...env };
}

/** Runs a command to its end (in the environment childEnv gives) and collects what it wrote. */
export function run(command: string, args: string[], env: Record<string, string>): Promise<Finished> {
  return runInEnv(command, args, childEnv(env));
}

/** A data dir and an empty database that nothing has run on yet, as the environment of a process. */
export async function freshInstanceEnv(dialect: Dialect): Promise<{ env: Record<string, string>; dataDir: string; drop(): Promise<void> }> {
  const database = await createTestDatabase(dialect);
  return {
    env: { LATCHKEY_DATA_DIR: database.dataDir, ...(database.database.dialect === 'postgres' && { LATCHKEY_DATABASE_URL: database.database.url }) },
    dataDir: database.dataDir,
    drop: () => database.drop(),
  };
}

/** `latchkey <args>` compiled once per run (../helpers/compiled-cli.ts): for tests that run many commands. */
export const runCli = async (args: string[], env: Record<string, string>) => run(process.execPath, [await compiledCli(), ...args], env);

/** `latchkey <args>` as users run it: bin/latchkey.js, through tsx. */
export const runBin = (args: string[], env: Record<string, string>) => run(process.execPath, [BIN, ...args], env);

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote so far to stdout and stderr. */
  output(): string;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<Finished>;
}

/** The production build (`dist/main.js`, what `npm start` runs) with `env`, once /-/readiness answers 200. */
export async function startServer(env: Record<string, string> & { LATCHKEY_HTTP_PORT: string }): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${env.LATCHKEY_HTTP_PORT}`;
  const server = await spawnServer(childEnv(env), url, { timeoutMs: 60_000 });
  return {
    url,
    child: server.child,
    output: server.output,
    async stop() {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      return server.closed;
    },
  };
}
