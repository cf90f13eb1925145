import { execFileSync } from 'node:child_process';
import os from 'node:os';

/**
 * The HTTP benchmarks run wrk on one CPU and the measured servers on another (`taskset`, util-linux),
 * when the machine has two or more. Left to the scheduler, the same liveness probe on two identical
 * servers measured 12,900 and 22,200 req/s side by side: whether wrk and the server shared a CPU
 * decided more than the code did. Null: one CPU, nothing to separate.
 */
export const CPUS = os.availableParallelism() >= 2 ? { load: 0, server: 1 } : null;

/** Every thread of a started server onto the servers' CPU (the threads it starts later follow). */
export function pinServer(pid: number | undefined): void {
  if (CPUS === null || pid === undefined) return;
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(CPUS.server), String(pid)], { stdio: 'ignore' });
}

/** The load generator's command line, on its own CPU. */
export function onLoadCpu(command: string, args: string[]): [string, string[]] {
  return CPUS === null ? [command, args] : ['taskset', ['--cpu-list', String(CPUS.load), command, ...args]];
}
