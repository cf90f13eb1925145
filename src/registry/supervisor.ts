import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { minimalEnvironment } from '../process-environment.ts';

export interface RegistrySupervisorOptions {
  configFile: string;
  log: Logger;
  /** The Distribution binary, looked up on PATH. */
  binary?: string;
  /** Strings never to let through to the log (the notification secret the registry prints). */
  redact?: readonly string[];
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that ran this long resets the backoff. */
  stableAfterMs?: number;
  stopTimeoutMs?: number;
}

export interface RegistrySupervisor {
  /** The running registry's process id, or null between restarts. */
  pid(): number | null;
  /** How many times the registry was started. */
  starts(): number;
  /** Stops the registry (SIGTERM, then SIGKILL after a grace period) and restarts no more. */
  stop(): Promise<void>;
}

/**
 * Distribution's text log lines carry `level=...`. A line about one request (a refused /v2/ probe,
 * a blob HEAD that 404s) is routine: debug, unless the registry answered 5xx. Other warnings and
 * errors stay visible; a line without a level (a Go panic and its stack) is a warning.
 */
function levelOf(line: string): 'debug' | 'warn' | 'error' {
  const level = /\blevel=(\w+)/.exec(line)?.[1];
  if (level === undefined) return line.trim() === '' ? 'debug' : 'warn';
  if (line.includes('http.request.')) return /\bhttp\.response\.status=5\d\d\b/.test(line) ? 'error' : 'debug';
  if (level === 'error' || level === 'fatal' || level === 'panic') return 'error';
  if (level === 'warning' || level === 'warn') return 'warn';
  return 'debug';
}

/**
 * Runs `docker-registry serve <config>` as a child process and keeps it running: when it dies it
 * is started again after a backoff that doubles up to a ceiling (and resets after a stable run).
 */
export function startRegistrySupervisor(options: RegistrySupervisorOptions): RegistrySupervisor {
  const { log, configFile } = options;
  const binary = options.binary ?? 'docker-registry';
  const initialBackoff = options.initialBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const stableAfter = options.stableAfterMs ?? 30_000;
  const redact = (options.redact ?? []).filter((s) => s.length > 0);

  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let gaveUp = false;
  let backoff = initialBackoff;
  let restartTimer: NodeJS.Timeout | null = null;
  let startCount = 0;

  const forward = (stream: NodeJS.ReadableStream) => {
    createInterface({ input: stream }).on('line', (raw) => {
      const line = redact.reduce((text, secret) => text.split(secret).join('[REDACTED]'), raw);
      log[levelOf(line)]({ registry: line }, 'registry');
    });
  };

  const launch = () => {
    restartTimer = null;
    if (stopping) return;
    const startedAt = Date.now();
    // Everything it needs is in its config file; REGISTRY_* variables could silently override it.
    const current = spawn(binary, ['serve', configFile], { env: minimalEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    child = current;
    startCount += 1;
    forward(current.stdout!);
    forward(current.stderr!);
    exited = new Promise((resolve) => {
      current.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          gaveUp = true;
          log.error({ binary }, `${binary} was not found on PATH: the embedded registry is not running (install Debian's docker-registry)`);
        } else {
          log.error({ err: error }, 'could not start the registry');
        }
        resolve();
      });
      current.once('exit', (code, signal) => {
        resolve();
        if (child === current) child = null;
        if (stopping || gaveUp) return;
        if (Date.now() - startedAt >= stableAfter) backoff = initialBackoff;
        log.warn({ code, signal, restartInMs: backoff }, 'the registry exited; restarting it');
        restartTimer = setTimeout(launch, backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      });
    });
    if (current.pid !== undefined) log.info({ pid: current.pid, config: configFile }, 'registry started');
  };

  // Should Latchkey exit without stopping it (a crash), the registry must not outlive it.
  const killOnExit = () => child?.kill('SIGTERM');
  process.once('exit', killOnExit);

  launch();

  return {
    pid: () => child?.pid ?? null,
    starts: () => startCount,
    async stop() {
      stopping = true;
      process.removeListener('exit', killOnExit);
      if (restartTimer) clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const killer = setTimeout(() => running.kill('SIGKILL'), options.stopTimeoutMs ?? 5000);
      running.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}
