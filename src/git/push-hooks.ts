import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { QUARANTINE_NAME } from './pushed-blobs.ts';

export type HookPhase = 'pre-receive' | 'post-receive';

/** One `old new ref` line of a hook's input; `forced` (pre-receive, branch updates) says whether `before` is no ancestor of `after`. */
export interface HookRefLine {
  ref: string;
  before: string | null;
  after: string | null;
  forced?: boolean;
}

/**
 * Decides (pre-receive) or records (post-receive) a push; returns a refusal message (printed as
 * `GitLab: <message>`, or as is when `{ plain }`), or null.
 * `quarantine` (pre-receive) names the directory inside the repository's `objects/` where git holds
 * the pushed objects until the hook accepts them (null when git made none).
 */
export type HookHandler = (phase: HookPhase, lines: HookRefLine[], quarantine: string | null) => Promise<string | { plain: string } | null>;

export interface PushHookSession {
  /** For the receive-pack (or http-backend) process: runs our hooks, which find this node and this push. */
  env: Record<string, string>;
  /** The push is over: its ticket stops working. */
  close(): void;
}

/**
 * The hook git runs before any ref moves (pre-receive) and after (post-receive), for every push
 * over HTTP and SSH. It is found through `core.hooksPath` in the environment of the push alone
 * (nothing is written into a repository), computes what needs the pushed objects (whether an
 * update is a force push: they are still in git's quarantine), and hands the lines (and the
 * quarantine's name, so the node can read the pushed objects for push protection) to the node
 * that spawned it over loopback, with the push's ticket: a per-push random secret that lives in
 * that process tree's environment only. A refusal is printed as `GitLab: <message>` (git shows it
 * as `remote: GitLab: ...`; Latchkey's own refusals, answered `plain`, without the prefix) and makes
 * git reject every ref of the push.
 */
const HOOK_SCRIPT = `#!/bin/bash
# Latchkey: asks the Latchkey node running this push (never edit: rewritten at start).
phase=\${0##*/}
zero='^0+$'
if ! { exec 3<>"/dev/tcp/127.0.0.1/\${LATCHKEY_HOOK_PORT:-0}"; } 2>/dev/null; then
  [ "$phase" = pre-receive ] && echo 'GitLab: Latchkey could not check this push. Try again later.' >&2
  exit 1
fi
{
  quarantine=
  [ "$phase" = pre-receive ] && [ -n "$GIT_QUARANTINE_PATH" ] && quarantine=" \${GIT_QUARANTINE_PATH##*/}"
  printf '%s %s%s\\n' "$LATCHKEY_HOOK_TICKET" "$phase" "$quarantine"
  while read -r old new ref; do
    kind=-
    if [ "$phase" = pre-receive ] && [[ $ref == refs/heads/* && ! $old =~ $zero && ! $new =~ $zero ]]; then
      if git merge-base --is-ancestor "$old" "$new" 2>/dev/null; then kind=ff; else kind=force; fi
    fi
    printf '%s %s %s %s\\n' "$old" "$new" "$ref" "$kind"
  done
  printf '\\n'
} >&3
IFS= read -r verdict <&3
[ "$verdict" = ok ] && exit 0
if [ "$phase" = pre-receive ]; then
  case $verdict in
    "plain "*) printf '%s\\n' "\${verdict#plain }" >&2 ;;
    *) printf 'GitLab: %s\\n' "\${verdict#deny }" >&2 ;;
  esac
fi
exit 1
`;

const MAX_REQUEST = 64 * 1024 * 1024;
/** A ticket (64 hex digits), a space and a phase: anything longer is no hook of ours. */
const MAX_FIRST_LINE = 256;
const FIRST_LINE_MS = 10_000;
const REQUEST_MS = 10 * 60_000;
const HOOK_NAMES = ['pre-receive', 'post-receive'] as const;
const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const UNAVAILABLE = 'Latchkey could not check this push. Try again later.';

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');

function parseLines(text: string): HookRefLine[] | null {
  const lines: HookRefLine[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [old, now, ref, kind, extra] = line.split(' ');
    if (!old || !now || !ref || !kind || extra !== undefined || !OBJECT_ID.test(old) || !OBJECT_ID.test(now)) return null;
    lines.push({
      ref,
      before: /^0+$/.test(old) ? null : old,
      after: /^0+$/.test(now) ? null : now,
      ...(kind !== '-' && { forced: kind === 'force' }),
    });
  }
  return lines;
}

export class PushHookGateway {
  private readonly handlers = new Map<string, HookHandler>();
  private started: Promise<{ server: Server; port: number }> | null = null;
  readonly hooksDir: string;

  constructor(
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.hooksDir = path.join(dataDir, 'git-hooks');
  }

  /** Registers one push: its handler answers the hooks that present the returned ticket. */
  async open(handler: HookHandler): Promise<PushHookSession> {
    const { port } = await this.start();
    this.ensureHooks();
    const ticket = randomBytes(32).toString('hex');
    this.handlers.set(ticket, handler);
    return {
      env: {
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'core.hooksPath',
        GIT_CONFIG_VALUE_0: this.hooksDir,
        LATCHKEY_HOOK_PORT: String(port),
        LATCHKEY_HOOK_TICKET: ticket,
      },
      close: () => this.handlers.delete(ticket),
    };
  }

  async close(): Promise<void> {
    const started = this.started;
    this.started = null;
    this.handlers.clear();
    if (!started) return;
    const { server } = await started;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private start(): Promise<{ server: Server; port: number }> {
    this.started ??= (async () => {
      this.writeHooks();
      const server = createServer((socket) => this.serve(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      server.unref();
      return { server, port: (server.address() as AddressInfo).port };
    })();
    return this.started;
  }

  /**
   * git skips a missing or non-executable hook without a word, which would let a push past every
   * protection rule: each push checks both hooks, rewrites them when they went, and is refused
   * (this throws) when they still cannot run (a data dir mounted noexec).
   */
  private ensureHooks(): void {
    const runnable = () =>
      HOOK_NAMES.every((name) => {
        try {
          accessSync(path.join(this.hooksDir, name), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      });
    if (runnable()) return;
    this.writeHooks();
    if (!runnable()) throw new Error(`the push hooks in ${this.hooksDir} cannot run: pushes are refused`);
  }

  /** Writes both hooks (atomically: a push running on another node never sees half a script). */
  private writeHooks(): void {
    mkdirSync(this.hooksDir, { recursive: true, mode: 0o700 });
    for (const name of HOOK_NAMES) {
      const target = path.join(this.hooksDir, name);
      const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(temporary, HOOK_SCRIPT, { mode: 0o700 });
      chmodSync(temporary, 0o700);
      renameSync(temporary, target);
    }
  }

  /**
   * One hook's request: the first line (ticket and phase) is checked as soon as it arrives, so a
   * connection without a live ticket is answered `deny` and closed after at most MAX_FIRST_LINE
   * bytes and FIRST_LINE_MS; only a live push may send up to MAX_REQUEST bytes of lines, each
   * chunk scanned once for the blank line that ends them.
   */
  private serve(socket: Socket): void {
    socket.setTimeout(FIRST_LINE_MS, () => socket.destroy());
    socket.on('error', () => {});
    let head = Buffer.alloc(0);
    let handler: HookHandler | undefined;
    let phase: HookPhase = 'pre-receive';
    let quarantine: string | null = null;
    // After the first line: what follows it (from its newline on), scanned chunk by chunk.
    const body: Buffer[] = [];
    let bodySize = 0;
    let endsWithNewline = false;
    const deny = () => {
      socket.off('data', onData);
      socket.end(`deny ${UNAVAILABLE}\n`);
    };
    /** Adds a chunk; returns where (in the body) the blank line ending the lines starts, or -1. */
    const take = (chunk: Buffer): number => {
      const at = chunk.indexOf('\n\n');
      const end = endsWithNewline && chunk[0] === 0x0a ? bodySize - 1 : at < 0 ? -1 : bodySize + at;
      body.push(chunk);
      bodySize += chunk.length;
      if (chunk.length > 0) endsWithNewline = chunk[chunk.length - 1] === 0x0a;
      return end;
    };
    const onData = (chunk: Buffer) => {
      let end: number;
      if (handler === undefined) {
        head = Buffer.concat([head, chunk]);
        const newline = head.indexOf(0x0a);
        if (newline < 0) return head.length > MAX_FIRST_LINE ? deny() : undefined;
        const [ticket, named, objects, extra] = head.subarray(0, newline).toString('utf8').split(' ');
        handler = ticket ? this.handlers.get(ticket) : undefined;
        if (!handler || (named !== 'pre-receive' && named !== 'post-receive') || extra !== undefined) return deny();
        if (objects !== undefined && (named !== 'pre-receive' || !QUARANTINE_NAME.test(objects))) return deny();
        phase = named;
        quarantine = objects ?? null;
        socket.setTimeout(REQUEST_MS, () => socket.destroy());
        end = take(head.subarray(newline));
      } else {
        end = take(chunk);
      }
      if (bodySize > MAX_REQUEST) return deny();
      if (end < 0) return;
      socket.off('data', onData);
      const lines = Buffer.concat(body).subarray(1, end + 1).toString('utf8');
      void this.answer(handler, phase, lines, quarantine).then((reply) => socket.end(reply));
    };
    socket.on('data', onData);
  }

  private async answer(handler: HookHandler, phase: HookPhase, text: string, quarantine: string | null): Promise<string> {
    const lines = parseLines(text);
    if (lines === null) return `deny ${UNAVAILABLE}\n`;
    try {
      const refusal = await handler(phase, lines, quarantine);
      if (refusal === null) return 'ok\n';
      return typeof refusal === 'string' ? `deny ${oneLine(refusal)}\n` : `plain ${oneLine(refusal.plain)}\n`;
    } catch (error) {
      this.log.error({ err: error, phase }, 'push hook failed');
      return `deny ${UNAVAILABLE}\n`;
    }
  }
}
