import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import type { ServerChannel, Session } from 'ssh2';
import { AppError } from '../domain/errors.ts';
import type { UserPrincipal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';
import { gitEnvironment, safeGitProtocol } from '../git/run-git.ts';
import { authorizeGitAccess } from '../services/repository/authorize-git-access.ts';
import type { PushHookSession } from '../git/push-hooks.ts';
import { receivePush } from '../services/repository/receive-push.ts';
import { reauthenticateSshCommand } from './authentication.ts';
import { parseSshGitCommand } from './git-command.ts';
import { sshRefusal } from './ssh-refusal.ts';
import { recordSshTokenUse, SSH_ACTIVITY_STATUS, SSH_GIT_FAILED, SSH_NOT_GIT, type SshClient } from './ssh-activity.ts';
import { sendWindowLimit } from './send-window.ts';


const REFUSALS = {
  shell: (username: string) => `Welcome to Latchkey, @${username}! Shell access is not available: use git clone, fetch or push.`,
  not_git: 'Disallowed command: only git-upload-pack, git-receive-pack and git-upload-archive are allowed.',
  bad_arguments: 'Disallowed command: a git command takes exactly one repository path, such as namespace/project.git.',
  internal: 'Internal error: please try again later.',
};

/** A one-line message on stderr and exit code 1: what git (or ssh) prints before giving up. */
function refuse(channel: ServerChannel, message: string): void {
  channel.stderr.write(`remote: ${message}\n`);
  channel.exit(1);
  channel.end();
}

/**
 * git's output into the channel with at most one chunk waiting in ssh2: a plain pipe would let ssh2
 * queue 2 MB per channel (its high-water mark) on top of the 2 MB the client's window allows.
 */
function relayOneChunkAtATime(from: Readable, to: Writable): void {
  from.on('data', (chunk: Buffer) => {
    from.pause();
    to.write(chunk, () => from.resume());
  });
}

/**
 * Let ssh2 use the client's window only within `sendWindowLimit` (see there for why). ssh2 keeps
 * what it may still send in `outgoing.window` (lib/Channel.js; its typings leave it out): it lowers
 * it by what it sends and raises it by each window adjustment, so an accessor in its place sees both.
 */
function limitSendWindow(channel: ServerChannel): void {
  const outgoing = (channel as ServerChannel & { outgoing?: { window?: unknown } }).outgoing;
  if (outgoing === undefined || typeof outgoing.window !== 'number') return;
  const window = sendWindowLimit(outgoing.window);
  Object.defineProperty(outgoing, 'window', {
    configurable: true,
    enumerable: true,
    get: () => window.usable,
    set: (value: number) => {
      const change = value - window.usable;
      if (change < 0) window.sent(-change);
      else if (change > 0) window.consumed(change);
    },
  });
}

async function runGitCommand(
  deps: Deps,
  established: UserPrincipal,
  client: SshClient,
  channel: ServerChannel,
  command: string,
  env: Record<string, string>,
) {
  let principal = established;
  let closed = false;
  channel.once('close', () => (closed = true));
  const parsed = parseSshGitCommand(command);
  if (!parsed.ok) {
    recordSshTokenUse(deps, principal, client, command.split(' ', 1)[0]!.slice(0, 64), SSH_NOT_GIT);
    return refuse(channel, REFUSALS[parsed.reason]);
  }
  const upload = parsed.service === 'git-receive-pack';
  let push: PushHookSession | null = null;
  let repositoryDir: string;
  let action: string = parsed.service;
  let confirmed = false;
  try {
    // The connection authenticated earlier, perhaps long ago: its credential must still hold.
    principal = await reauthenticateSshCommand(deps, established, client.ip);
    confirmed = true;
    const access = await authorizeGitAccess(deps, principal, { projectPath: parsed.projectPath, operation: upload ? 'upload' : 'download' });
    repositoryDir = access.repositoryDir;
    if (upload) push = await receivePush(deps, principal, access, (refs) => (action = `${parsed.service} ${refs.join(', ')}`));
  } catch (error) {
    // A token that no longer holds is no use of it; a refusal of a valid one is.
    if (confirmed && error instanceof AppError) recordSshTokenUse(deps, principal, client, action, SSH_ACTIVITY_STATUS[error.code]);
    if (error instanceof AppError) return refuse(channel, sshRefusal(error));
    deps.log.error({ err: error }, 'ssh git command failed');
    return refuse(channel, REFUSALS.internal);
  }
  if (closed) {
    push?.close();
    return; // the client left while we were deciding: nothing would ever end git's input
  }

  limitSendWindow(channel);
  const child = spawn('git', [parsed.service.slice('git-'.length), repositoryDir], {
    env: gitEnvironment({ ...env, ...push?.env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.on('error', () => {}); // git may exit before reading everything; its exit code tells
  channel.pipe(child.stdin);
  relayOneChunkAtATime(child.stdout, channel);
  // Metrics: the pack in the transfer's direction (received for a push, sent for a fetch or an archive).
  const started = performance.now();
  let bytes = 0;
  (upload ? channel : child.stdout).on('data', (chunk: Buffer) => (bytes += chunk.length));
  child.stderr.pipe(channel.stderr, { end: false });
  channel.on('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  child.on('error', (error) => deps.log.error({ err: error }, 'could not start git over ssh'));
  // `close`, not `exit`: only then has all of git's output been handed to the channel.
  // The post-receive hook recorded the push's events before git ended.
  child.on('close', (code) => {
    deps.metrics.gitTransfer('ssh', upload ? 'push' : 'fetch', bytes, (performance.now() - started) / 1000);
    recordSshTokenUse(deps, principal, client, action, code === 0 ? 200 : SSH_GIT_FAILED);
    push?.close();
    channel.exit(code ?? 1);
    channel.end();
  });
}

/** A session of an authenticated user: GIT_PROTOCOL passes through, git commands run, nothing else. */
export function handleSession(deps: Deps, principal: UserPrincipal, client: SshClient, session: Session): void {
  const env: Record<string, string> = {};
  session.on('env', (accept, reject, info) => {
    const protocol = info.key === 'GIT_PROTOCOL' ? safeGitProtocol(info.val) : undefined;
    if (protocol !== undefined) {
      env.GIT_PROTOCOL = protocol;
      accept?.();
    } else {
      reject?.();
    }
  });
  session.on('pty', (accept) => accept?.());
  session.on('shell', (accept) => refuse(accept(), REFUSALS.shell(principal.user.username)));
  session.on('exec', (accept, _reject, info) => {
    void runGitCommand(deps, principal, client, accept(), info.command, env).catch((error: unknown) => {
      deps.log.error({ err: error }, 'ssh git command failed');
    });
  });
  session.on('subsystem', (_accept, reject) => reject());
}
