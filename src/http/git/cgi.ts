import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Readable } from 'node:stream';
import { gitEnvironment } from '../../git/run-git.ts';

export interface CgiHead {
  status: number;
  headers: Record<string, string>;
}

const MAX_HEAD = 64 * 1024;

function headEnd(buffer: Buffer): { head: number; body: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { head: crlf, body: crlf + 4 };
  if (lf >= 0) return { head: lf, body: lf + 2 };
  return null;
}

function parseHead(text: string): CgiHead {
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'status') status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}

/**
 * Reads the CGI header block off a stream and puts back what follows it, so the caller can pipe
 * the body on without ever holding more than one chunk.
 */
export function readCgiHead(stream: Readable): Promise<CgiHead> {
  return new Promise((resolve, reject) => {
    let buffered: Buffer = Buffer.alloc(0);
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = stream.read() as Buffer | null) !== null) {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        const end = headEnd(buffered);
        if (end) {
          cleanup();
          if (end.body < buffered.length) stream.unshift(buffered.subarray(end.body));
          resolve(parseHead(buffered.subarray(0, end.head).toString('latin1')));
          return;
        }
        if (buffered.length > MAX_HEAD) {
          cleanup();
          reject(new Error('the CGI header block is too large'));
          return;
        }
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('the CGI program ended before its header block'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

export interface HttpBackendRequest {
  /** GIT_PROJECT_ROOT: the directory every repository lives under. */
  projectRoot: string;
  /** PATH_INFO below the root, e.g. `/@hashed/ab/cd/<hash>.git/info/refs`. */
  pathInfo: string;
  method: string;
  query: string;
  contentType?: string;
  contentLength?: string;
  contentEncoding?: string;
  gitProtocol?: string;
  /** Set for an authenticated caller; http-backend enables receive-pack only with it. */
  remoteUser?: string;
  remoteAddr: string;
  /** More environment for git (the push hooks' settings). */
  extraEnv?: Record<string, string>;
}

/** Spawns `git http-backend` as a CGI program; the caller streams stdin in and stdout out. */
export function spawnHttpBackend(request: HttpBackendRequest): ChildProcessWithoutNullStreams {
  const env: Record<string, string> = {
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    PATH_INFO: request.pathInfo,
    REQUEST_METHOD: request.method,
    QUERY_STRING: request.query,
    REMOTE_ADDR: request.remoteAddr,
  };
  if (request.contentType) env.CONTENT_TYPE = request.contentType;
  if (request.contentLength) env.CONTENT_LENGTH = request.contentLength;
  if (request.contentEncoding) env.HTTP_CONTENT_ENCODING = request.contentEncoding;
  if (request.gitProtocol) env.HTTP_GIT_PROTOCOL = request.gitProtocol;
  if (request.remoteUser) env.REMOTE_USER = request.remoteUser;
  return spawn('git', ['http-backend'], { env: gitEnvironment({ ...request.extraEnv, ...env }), stdio: ['pipe', 'pipe', 'pipe'] });
}
