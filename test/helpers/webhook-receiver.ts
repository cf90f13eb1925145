import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedHook {
  method: string;
  path: string;
  /** Lower-cased names, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The body parsed as JSON (the raw text when it is not JSON). */
  body: any;
  /** The address it came from. */
  remoteAddress: string;
  /** The status it was answered with; null for a request left hanging. */
  answeredWith: number | null;
}

/** How the receiver answers one request; `hang` never answers (the sender's timeout decides). */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  hang?: boolean;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; hooks point at `${url}/hook` or any path. */
  url: string;
  port: number;
  requests: ReceivedHook[];
  /**
   * How to answer the next requests: the first answer for the first request from now, and so on;
   * when the script runs out, `fallback` (200 `{}` unless changed) answers.
   */
  script(...answers: ScriptedAnswer[]): void;
  /** The answer once the script runs out. */
  setFallback(answer: ScriptedAnswer): void;
  /** Resolves with the requests once `predicate` holds for the ones received, or rejects after `timeoutMs`. */
  waitFor(predicate: (requests: ReceivedHook[]) => boolean, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (a free port) that records every webhook it gets and answers as
 * scripted. Its sockets are unref'd and closed by `close()`, so it never keeps a test alive.
 */
export async function startWebhookReceiver(host = '127.0.0.1'): Promise<WebhookReceiver> {
  const requests: ReceivedHook[] = [];
  const waiters = new Set<() => void>();
  let script: ScriptedAnswer[] = [];
  let fallback: ScriptedAnswer = { status: 200, body: '{}' };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      const answer = script.shift() ?? fallback;
      const status = answer.hang ? null : (answer.status ?? 200);
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, remoteAddress: req.socket.remoteAddress ?? '', answeredWith: status });
      for (const wake of waiters) wake();
      if (status === null) return;
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body ?? '{}');
    });
  });
  server.on('connection', (socket) => socket.unref());
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  server.unref();
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    script(...answers) {
      script = [...answers];
    },
    setFallback(answer) {
      fallback = answer;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(requests)) return;
          finish();
          resolve(requests);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`webhook receiver: condition not met within ${timeoutMs} ms (${requests.length} requests received)`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
