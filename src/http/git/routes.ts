import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../domain/principal.ts';
import { formatProjectPath, MAX_PATH_SEGMENTS, parseGitProjectPath } from '../../domain/project-ref.ts';
import type { Deps } from '../../deps.ts';
import { safeGitProtocol } from '../../git/run-git.ts';
import { authorizeGitAccess, gitProjectNotFound, type GitAccess, type GitOperation } from '../../services/repository/authorize-git-access.ts';
import { receivePush } from '../../services/repository/receive-push.ts';
import { basicPrincipal, clientIp } from '../request-principal.ts';
import { markTokenUse, type TokenUse } from '../token-use.ts';
import { readCgiHead, spawnHttpBackend } from './cgi.ts';
import { sendGitRefusal } from './git-refusal.ts';

type GitService = 'git-upload-pack' | 'git-receive-pack';

const OPERATION: Record<GitService, GitOperation> = { 'git-upload-pack': 'download', 'git-receive-pack': 'upload' };

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `/:namespace/:project`, then one more group segment at a time: `/:namespace/:group1/:project`... */
const GIT_PATH_PATTERNS = Array.from({ length: MAX_PATH_SEGMENTS - 1 }, (_, depth) =>
  ['/:namespace', ...Array.from({ length: depth }, (_, i) => `/:group${i + 1}`), '/:project'].join(''),
);

/** The repository path a git route matched: its segments in order. */
function gitPathOf(params: Record<string, string>): string {
  const groups = Object.keys(params)
    .filter((key) => key.startsWith('group'))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((key) => params[key]);
  return [params.namespace, ...groups, params.project].join('/');
}

/**
 * Git smart HTTP at `/<namespace>/<project>.git/{info/refs,git-upload-pack,git-receive-pack}`:
 * authenticate, ask the one git access service, then hand the request to `git http-backend`,
 * streaming both ways (a pack is never held in memory).
 */
export function gitHttpRoutes(deps: Deps) {
  const projectRoot = path.join(deps.config.dataDir, 'repositories');

  async function serve(request: FastifyRequest, reply: FastifyReply, service: GitService, suffix: string) {
    const params = request.params as Record<string, string>;
    let principal: Principal | null = null;
    let access: GitAccess;
    // A token's activity: the request that runs git is the use; the ref advertisement before it
    // is one only when refused.
    const advertisement = suffix === 'info/refs';
    let use: TokenUse | null = null;
    try {
      principal = await basicPrincipal(deps, request, { transport: 'git_http', requireUsername: true });
      if (!advertisement) use = markTokenUse(request, principal, 'git_http', service);
      const project = parseGitProjectPath(gitPathOf(params));
      if (project === null) throw gitProjectNotFound();
      access = await authorizeGitAccess(deps, principal, { projectPath: formatProjectPath(project), operation: OPERATION[service] });
    } catch (error) {
      if (advertisement && principal !== null) markTokenUse(request, principal, 'git_http', service);
      return sendGitRefusal(reply, error, principal?.kind === 'anonymous');
    }

    // The client left while we were deciding: no 'close' would come to stop git.
    if (request.raw.socket?.destroyed) return reply.code(400).send();
    // The POST of a push (not its ref advertisement) is what runs git's hooks: they ask this node
    // about the push before any ref moves, and record its events after (services/repository/receive-push.ts).
    const onPushed = (refs: string[]) => {
      if (use !== null) use.actions = [{ action: `${service} ${refs.join(', ')}` }];
    };
    const push = suffix === 'git-receive-pack' && principal.kind === 'user' ? await receivePush(deps, principal, access, onPushed) : null;
    const contentLength = header(request, 'content-length');
    const gitProtocol = header(request, 'git-protocol');
    const chunked = request.headers['transfer-encoding'] !== undefined;
    const child = spawnHttpBackend({
      projectRoot,
      pathInfo: `/${path.relative(projectRoot, access.repositoryDir)}/${suffix}`,
      method: request.method,
      query: suffix === 'info/refs' ? `service=${service}` : '',
      contentType: header(request, 'content-type'),
      contentLength: chunked ? undefined : contentLength,
      contentEncoding: header(request, 'content-encoding'),
      gitProtocol: safeGitProtocol(gitProtocol),
      remoteUser: principal.kind === 'user' ? principal.user.username : undefined,
      remoteAddr: clientIp(request),
      extraEnv: push?.env,
    });

    // Metrics: a transfer is the request that runs git (not the ref advertisement), counted when its
    // answer is sent; its bytes are the pack in its direction, as on the wire (a push's body still gzipped).
    const started = performance.now();
    let bytes = 0;
    const count = (chunk: Buffer) => (bytes += chunk.length);
    if (!advertisement) {
      const direction = service === 'git-receive-pack' ? 'push' : 'fetch';
      reply.raw.once('close', () => deps.metrics.gitTransfer('http', direction, bytes, (performance.now() - started) / 1000));
    }

    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.stdin.on('error', () => {}); // http-backend may stop reading early; its exit tells
    const body = request.body as Readable | undefined;
    if (request.method === 'POST' && body) {
      body.on('error', () => child.kill('SIGKILL'));
      body.pipe(child.stdin);
      if (service === 'git-receive-pack') body.on('data', count);
      // git may stop reading early (a refused or failed push, a full disk): drain what the client
      // still sends, or the paused socket never sees the client leave and stays open for good.
      child.on('close', () => {
        if (!request.raw.complete) {
          body.unpipe(child.stdin);
          body.resume();
        }
      });
    } else {
      child.stdin.end();
    }

    const out = new PassThrough();
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.on('error', (error) => out.destroy(error));
    reply.raw.on('close', () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    void closed.then(async (code) => {
      if (code !== 0) request.log.warn({ exitCode: code, stderr: stderr.slice(0, 1000) }, 'git http-backend failed');
      // The post-receive hook recorded the push's events before git ended: a client that sees
      // success sees its events.
      push?.close();
      out.end();
    });

    let head;
    try {
      head = await readCgiHead(child.stdout);
    } catch (error) {
      child.kill('SIGKILL');
      request.log.error({ err: error, stderr: stderr.slice(0, 1000) }, 'git http-backend gave no response');
      return reply.code(500).type('text/plain').send('Internal Server Error\n');
    }
    child.stdout.pipe(out, { end: false });
    if (!advertisement && service === 'git-upload-pack') child.stdout.on('data', count);
    return reply.code(head.status).headers(head.headers).send(out);
  }

  return async (app: FastifyInstance): Promise<void> => {
    // The request body goes to git as a stream: never parsed, never buffered, no body limit. Any
    // other content type (JSON, a form, text) is refused with 415 before anything runs.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      ['application/x-git-upload-pack-request', 'application/x-git-receive-pack-request'],
      (_request, payload, done) => done(null, payload),
    );

    // A project in a user's namespace or a group (`/:namespace/:project`), or in a subgroup, one
    // route per depth down to GitLab's deepest (`/:namespace/:group1/.../:project`).
    for (const base of GIT_PATH_PATTERNS) {
      app.get(`${base}/info/refs`, { exposeHeadRoute: false }, async (request, reply) => {
        const service = (request.query as Record<string, unknown>).service;
        if (service !== 'git-upload-pack' && service !== 'git-receive-pack') {
          return reply.code(403).type('text/plain; charset=utf-8').send('Only the smart HTTP protocol is supported.\n');
        }
        return serve(request, reply, service, 'info/refs');
      });
      app.post(`${base}/git-upload-pack`, (request, reply) => serve(request, reply, 'git-upload-pack', 'git-upload-pack'));
      app.post(`${base}/git-receive-pack`, (request, reply) => serve(request, reply, 'git-receive-pack', 'git-receive-pack'));
    }
  };
}
