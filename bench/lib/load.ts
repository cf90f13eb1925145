import { execFile } from 'node:child_process';
import { onLoadCpu } from './cpu-pinning.ts';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** Answers other than expected: non-2xx ones, or (with `expectStatus`) any 2xx or 3xx. */
  unexpected: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function latencyMs(output: string, percentile: string): number {
  const match = new RegExp(`^\\s+${percentile}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output);
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : NaN;
}

/**
 * HTTP load from Debian's `wrk` (C, one thread) in a separate process, `connections` concurrent
 * connections for `seconds`: light enough that the server, not the load generator, is what runs
 * out of CPU on a two-core machine. (autocannon, tried first, saturated a core of its own.)
 */
export function runLoad(
  url: string,
  options: {
    seconds: number;
    connections: number;
    headers?: Record<string, string>;
    /** every answer must have this status (else each counts as non-2xx) */
    expectStatus?: number;
    /** a wrk Lua script that writes the requests */
    script?: string;
    /** wrk's per-request timeout, 10 s by default (wrk's own 2 s counts a slow answer on a shared, loaded machine as a failed one) */
    timeoutSeconds?: number;
  },
): Promise<LoadResult> {
  const args = ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', `${options.timeoutSeconds ?? 10}s`, '--latency'];
  for (const [name, value] of Object.entries(options.headers ?? {})) args.push('-H', `${name}: ${value}`);
  if (options.script) args.push('-s', options.script);
  args.push(url);
  return new Promise((resolve, reject) => {
    const [command, argv] = onLoadCpu('wrk', args);
    execFile(command, argv, { timeout: (options.seconds + 30) * 1000 }, (error, stdout) => {
      if (error) return reject(new Error(`wrk failed: ${error.message}`));
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
      if (!rps) return reject(new Error(`wrk printed no rate:\n${stdout}`));
      const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
      const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
      resolve({
        requestsPerSecond: Number(rps[1]),
        p50Ms: latencyMs(stdout, '50'),
        p99Ms: latencyMs(stdout, '99'),
        errors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
        non2xx,
        // wrk counts answers by class only: a refusal measured on purpose must be one for every request.
        unexpected: options.expectStatus === undefined ? non2xx : requests - non2xx,
      });
    });
  });
}
